import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from '@fund-desk/platform';
import { FUND_ROUTING_CONFIG, FundRoutingConfig } from '../../config/fund-routing.config';
import { ReconcileBudgetsUseCase } from '../use-cases/reconcile-budgets/reconcile-budgets.use-case';
import { QueueName } from './queue-names';

/** Puts every fund's budget right from its requests: a BullMQ job scheduler, every hour at :40, this year and last. */
@Injectable()
export class BudgetReconciliationJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private queue!: Queue;
  private worker!: Worker;
  private connections: Redis[] = [];

  constructor(
    @Inject(FUND_ROUTING_CONFIG) private readonly config: FundRoutingConfig,
    @Inject(ReconcileBudgetsUseCase) private readonly reconciliation: ReconcileBudgetsUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [producer, consumer] = [createRedis(this.config.REDIS_URL, 'worker'), createRedis(this.config.REDIS_URL, 'worker')];
    this.connections = [producer, consumer];
    this.queue = new Queue(QueueName.BudgetReconciliation, { connection: producer, prefix: this.config.QUEUE_PREFIX });
    await this.queue.upsertJobScheduler('hourly', { pattern: '40 * * * *' }, { name: 'reconcile', opts: { removeOnComplete: 50, removeOnFail: 50 } });
    this.worker = new Worker(
      QueueName.BudgetReconciliation,
      async () => {
        const year = new Date().getUTCFullYear();
        const reports = await this.reconciliation.reconcileAll([year - 1, year]);
        return { corrected: reports.filter((r) => r.released.length || r.added.length || r.spentAfter !== r.spentBefore).length };
      },
      { connection: consumer, prefix: this.config.QUEUE_PREFIX },
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    for (const connection of this.connections) connection.disconnect();
  }
}
