import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from '@fund-desk/platform';
import { INCOME_CHECKS_CONFIG, IncomeChecksConfig } from '../../config/income-checks.config';
import { EvidenceRepository } from '../infrastructure/evidence.repository';
import { QueueName } from './queue-names';

/** Deletes evidence content when its retention period ends: a BullMQ job scheduler, every night at 03:15. */
@Injectable()
export class EvidencePurgeJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EvidencePurgeJob.name);
  private queue!: Queue;
  private worker!: Worker;
  private connections: Redis[] = [];

  constructor(
    @Inject(INCOME_CHECKS_CONFIG) private readonly config: IncomeChecksConfig,
    @Inject(EvidenceRepository) private readonly evidence: EvidenceRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [producer, consumer] = [createRedis(this.config.REDIS_URL, 'worker'), createRedis(this.config.REDIS_URL, 'worker')];
    this.connections = [producer, consumer];
    this.queue = new Queue(QueueName.EvidencePurge, { connection: producer, prefix: this.config.QUEUE_PREFIX });
    await this.queue.upsertJobScheduler('nightly', { pattern: '15 3 * * *' }, { name: 'purge', opts: { removeOnComplete: 30, removeOnFail: 30 } });
    this.worker = new Worker(QueueName.EvidencePurge, () => this.purge(), { connection: consumer, prefix: this.config.QUEUE_PREFIX });
  }

  /** Purges what is past the retention period; returns how many documents. */
  async purge(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.EVIDENCE_RETENTION_DAYS * 24 * 3600 * 1000);
    const purged = await this.evidence.purgeContentBefore(cutoff);
    if (purged) this.logger.log({ msg: 'Evidence purged at the end of retention', count: purged });
    return purged;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    for (const connection of this.connections) connection.disconnect();
  }
}
