import 'reflect-metadata';
import { runService } from '@fund-desk/platform';
import { AppModule } from './app.module';
import { loadIncomeChecksConfig } from './config/income-checks.config';

async function main() {
  const config = loadIncomeChecksConfig();
  await runService({
    config,
    module: AppModule.forRoot(config),
    title: 'fund-desk income-checks',
    description: 'Household income checks against the social-assistance norm; only outcomes leave this service.',
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
