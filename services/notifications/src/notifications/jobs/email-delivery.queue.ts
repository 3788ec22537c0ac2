import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis, Readiness } from '@fund-desk/platform';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../../config/notifications.config';
import { NotificationsRepository } from '../infrastructure/notifications.repository';
import { SmtpMailer } from '../infrastructure/smtp-mailer';
import { QueueName } from './queue-names';

interface EmailJob {
  deliveryId: string;
}

/**
 * Sends e-mails with retries (exponential backoff) and a rate limit. The job id is the delivery id, and
 * a delivery already marked sent is not sent again, so a redelivered event or a retried job sends once.
 */
@Injectable()
export class EmailDeliveryQueue implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(EmailDeliveryQueue.name);
  private queue!: Queue<EmailJob>;
  private worker!: Worker<EmailJob>;
  private producerConnection!: Redis;
  private workerConnection!: Redis;

  constructor(
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(NotificationsRepository) private readonly repository: NotificationsRepository,
    @Inject(SmtpMailer) private readonly mailer: SmtpMailer,
    @Inject(Readiness) private readonly readiness: Readiness,
  ) {}

  onModuleInit(): void {
    this.producerConnection = createRedis(this.config.REDIS_URL, 'worker');
    this.workerConnection = createRedis(this.config.REDIS_URL, 'worker');
    const prefix = this.config.QUEUE_PREFIX;
    this.queue = new Queue<EmailJob>(QueueName.Email, {
      connection: this.producerConnection,
      prefix,
      defaultJobOptions: {
        attempts: this.config.EMAIL_ATTEMPTS,
        backoff: { type: 'exponential', delay: this.config.EMAIL_BACKOFF_MS },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
    this.worker = new Worker<EmailJob>(QueueName.Email, (job) => this.process(job), {
      connection: this.workerConnection,
      prefix,
      concurrency: 8,
      limiter: { max: this.config.EMAIL_RATE_PER_SECOND, duration: 1000 },
    });
    this.worker.on('failed', (job, error) => void this.onFailed(job, error));
    this.worker.on('error', (error) => this.logger.warn({ msg: 'E-mail worker error', error: error.message }));
  }

  async enqueue(deliveryId: string): Promise<void> {
    await this.queue.add('send', { deliveryId }, { jobId: deliveryId });
  }

  private async process(job: Job<EmailJob>): Promise<void> {
    const delivery = await this.repository.delivery(job.data.deliveryId);
    if (!delivery || delivery.status === 'sent') return;
    await this.mailer.send({ deliveryId: delivery.id, to: delivery.to, subject: delivery.title, text: delivery.body, language: delivery.language });
    await this.repository.markDelivery(delivery.id, 'sent', { attempts: job.attemptsMade + 1 });
  }

  private async onFailed(job: Job<EmailJob> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.warn({ msg: final ? 'E-mail failed for good' : 'E-mail failed; will retry', deliveryId: job.data.deliveryId, attempt: job.attemptsMade, error: error.message });
    if (final) await this.repository.markDelivery(job.data.deliveryId, 'failed', { attempts: job.attemptsMade, error: error.message });
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Workers before queues, with a bound: a job in hand finishes or comes back after restart.
    await Promise.race([this.worker.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await this.queue.close();
    this.producerConnection.disconnect();
    this.workerConnection.disconnect();
  }
}
