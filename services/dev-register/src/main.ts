import 'reflect-metadata';
import { runService } from '@fund-desk/platform';
import { AppModule } from './app.module';
import { loadDevRegisterConfig } from './config/dev-register.config';

const REFUSAL = 'The development register double does not run in production';

async function main() {
  // Checked before the config is loaded too, so the refusal is this message and not a missing JWT secret.
  if (process.env.NODE_ENV === 'production') throw new Error(REFUSAL);
  const config = loadDevRegisterConfig();
  if (config.NODE_ENV === 'production') throw new Error(REFUSAL);
  await runService({
    config,
    module: AppModule.forRoot(config),
    title: 'fund-desk development register',
    description:
      'Development double of a municipal income register: social assistance, debt relief and net monthly income by BSN, ' +
      'with fictional people held in memory and test controls (down, slow, call count).',
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
