import 'reflect-metadata';
import { runService } from '@fund-desk/platform';
import { AppModule } from './app.module';
import { loadFundRoutingConfig } from './config/fund-routing.config';

async function main() {
  const config = loadFundRoutingConfig();
  await runService({
    config,
    module: AppModule.forRoot(config),
    title: 'fund-desk fund-routing',
    description: 'Funds and their rules; each requested item routed to the fund that fits; the queues of fund staff.',
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
