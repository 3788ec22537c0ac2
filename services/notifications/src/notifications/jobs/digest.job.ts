import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from '@fund-desk/platform';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../../config/notifications.config';
import { SendDigestsUseCase } from '../use-cases/send-digests/send-digests.use-case';
import { QueueName } from './queue-names';

/** Looks every 15 minutes whether a fund's staff are due a digest (a BullMQ job scheduler; one run at a time). */
@Injectable()
export class DigestJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private queue!: Queue;
  private worker!: Worker;
  private connections: Redis[] = [];

  constructor(
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(SendDigestsUseCase) private readonly digests: SendDigestsUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [producer, consumer] = [createRedis(this.config.REDIS_URL, 'worker'), createRedis(this.config.REDIS_URL, 'worker')];
    this.connections = [producer, consumer];
    this.queue = new Queue(QueueName.Digests, { connection: producer, prefix: this.config.QUEUE_PREFIX });
    await this.queue.upsertJobScheduler('every-15-minutes', { pattern: '*/15 * * * *' }, { name: 'digests', opts: { removeOnComplete: 50, removeOnFail: 50 } });
    this.worker = new Worker(QueueName.Digests, async () => (await this.digests.run()).filter((r) => r.kind).length, { connection: consumer, prefix: this.config.QUEUE_PREFIX });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    for (const connection of this.connections) connection.disconnect();
  }
}
