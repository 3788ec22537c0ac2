import 'reflect-metadata';
import { runService } from '@fund-desk/platform';
import { AppModule } from './app.module';
import { loadMailSinkConfig } from './config/mail-sink.config';

async function main() {
  const config = loadMailSinkConfig();
  if (config.NODE_ENV === 'production') throw new Error('The development mail sink does not run in production');
  await runService({
    config,
    module: AppModule.forRoot(config),
    title: 'fund-desk development mail sink',
    description: 'Catch-all SMTP server and SMS gateway double for development and tests, with mailbox and SMS APIs.',
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
