import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from '@fund-desk/platform';
import { INCOME_CHECKS_CONFIG, IncomeChecksConfig } from '../../config/income-checks.config';
import { HttpRegisterClient } from '../infrastructure/register.client';
import { RegisterLookupUseCase } from '../use-cases/register-lookup/register-lookup.use-case';
import { QueueName } from './queue-names';

interface LookupJob {
  checkId: string;
}

/**
 * Register look-ups as BullMQ jobs: one queue per municipality with its own rate limit, retries with
 * exponential backoff, a timeout per call (in the client) and a circuit breaker (in the use case).
 */
@Injectable()
export class RegisterLookupQueue implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(RegisterLookupQueue.name);
  private readonly queues = new Map<string, Queue<LookupJob>>();
  private readonly workers: Worker<LookupJob>[] = [];
  private readonly connections: Redis[] = [];

  constructor(
    @Inject(INCOME_CHECKS_CONFIG) private readonly config: IncomeChecksConfig,
    @Inject(HttpRegisterClient) private readonly register: HttpRegisterClient,
    @Inject(RegisterLookupUseCase) private readonly useCase: RegisterLookupUseCase,
  ) {}

  serves(municipalityCode: string): boolean {
    return this.register.has(municipalityCode);
  }

  onModuleInit(): void {
    const producer = createRedis(this.config.REDIS_URL, 'worker');
    this.connections.push(producer);
    for (const code of this.register.municipalities()) {
      const name = `${QueueName.RegisterLookup}-${code}`;
      this.queues.set(
        code,
        new Queue<LookupJob>(name, {
          connection: producer,
          prefix: this.config.QUEUE_PREFIX,
          defaultJobOptions: {
            attempts: this.config.REGISTER_ATTEMPTS,
            backoff: { type: 'exponential', delay: this.config.REGISTER_BACKOFF_MS },
            removeOnComplete: { age: 24 * 3600, count: 10_000 },
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        }),
      );
      const connection = createRedis(this.config.REDIS_URL, 'worker');
      this.connections.push(connection);
      const worker = new Worker<LookupJob>(name, (job) => this.useCase.lookup(job.data.checkId), {
        connection,
        prefix: this.config.QUEUE_PREFIX,
        concurrency: 4,
        limiter: { max: this.config.REGISTER_RATE_PER_SECOND, duration: 1000 },
      });
      worker.on('failed', (job, error) => void this.onFailed(job, error));
      worker.on('error', (error) => this.logger.warn({ msg: 'Register worker error', error: error.message }));
      this.workers.push(worker);
    }
  }

  async enqueue(municipalityCode: string, checkId: string): Promise<void> {
    const queue = this.queues.get(municipalityCode);
    if (!queue) throw new Error(`No register for ${municipalityCode}`);
    await queue.add('lookup', { checkId }, { jobId: checkId });
  }

  private async onFailed(job: Job<LookupJob> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.warn({ msg: final ? 'Register look-up failed for good: evidence needed' : 'Register look-up failed; will retry', checkId: job.data.checkId, attempt: job.attemptsMade, error: error.message });
    if (final) {
      await this.useCase.giveUp(job.data.checkId).catch((e: Error) => this.logger.error({ msg: 'Could not ask for evidence', error: e.message }));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.race([Promise.all(this.workers.map((w) => w.close())), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    for (const connection of this.connections) connection.disconnect();
  }
}
