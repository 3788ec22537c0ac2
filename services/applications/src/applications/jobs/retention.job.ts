import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from '@fund-desk/platform';
import { APPLICATIONS_CONFIG, ApplicationsConfig } from '../../config/applications.config';
import { PrivacyUseCase } from '../use-cases/privacy/privacy.use-case';

/** BullMQ queue names. Never rename one in place: jobs waiting under the old name would be stranded. */
export enum QueueName {
  Retention = 'applications-retention',
}

/** Erases the personal data of applications closed longer than APPLICATION_RETENTION_DAYS: nightly at 02:45. */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private queue!: Queue;
  private worker!: Worker;
  private connections: Redis[] = [];

  constructor(
    @Inject(APPLICATIONS_CONFIG) private readonly config: ApplicationsConfig,
    @Inject(PrivacyUseCase) private readonly privacy: PrivacyUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [producer, consumer] = [createRedis(this.config.REDIS_URL, 'worker'), createRedis(this.config.REDIS_URL, 'worker')];
    this.connections = [producer, consumer];
    this.queue = new Queue(QueueName.Retention, { connection: producer, prefix: this.config.QUEUE_PREFIX });
    await this.queue.upsertJobScheduler('nightly', { pattern: '45 2 * * *' }, { name: 'purge', opts: { removeOnComplete: 30, removeOnFail: 30 } });
    this.worker = new Worker(QueueName.Retention, () => this.purge(), { connection: consumer, prefix: this.config.QUEUE_PREFIX });
  }

  purge(now = new Date()): Promise<number> {
    return this.privacy.purgeClosedBefore(new Date(now.getTime() - this.config.APPLICATION_RETENTION_DAYS * 86_400_000), now);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    for (const connection of this.connections) connection.disconnect();
  }
}
