import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { runService } from '@fund-desk/platform';
import { AppModule } from './app.module';
import { loadUptakeConfig, UptakeConfig } from './config/uptake.config';

async function main() {
  const loaded = loadUptakeConfig();
  if (!loaded.UPTAKE_KEY_SECRET && loaded.NODE_ENV === 'production') throw new Error('Invalid configuration for uptake: UPTAKE_KEY_SECRET is required in production');
  const config: UptakeConfig = { ...loaded, UPTAKE_KEY_SECRET: loaded.UPTAKE_KEY_SECRET ?? randomBytes(32).toString('hex') };
  await runService({
    config,
    module: AppModule.forRoot(config),
    title: 'fund-desk uptake',
    description: 'Read models for municipalities: who is reached, what is asked, how fast it is decided, money reserved and spent, by period and postcode area; aggregates only, small cells suppressed.',
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
