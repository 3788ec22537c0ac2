import 'reflect-metadata';
import { runService } from '@fund-desk/platform';
import { AppModule } from './app.module';
import { loadApplicationsConfig } from './config/applications.config';

async function main() {
  const config = loadApplicationsConfig();
  await runService({
    config,
    module: AppModule.forRoot(config),
    title: 'fund-desk applications',
    description: 'Households, children, applications and their items, consent, and the timeline a parent sees.',
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
