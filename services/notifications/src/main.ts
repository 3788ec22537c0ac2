import 'reflect-metadata';
import { runService } from '@fund-desk/platform';
import { AppModule } from './app.module';
import { loadNotificationsConfig } from './config/notifications.config';

async function main() {
  const config = loadNotificationsConfig();
  await runService({
    config,
    module: AppModule.forRoot(config),
    title: 'fund-desk notifications',
    description: 'Tells every person what changed: in-app inbox and e-mail, once per event, with a delivery log.',
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
