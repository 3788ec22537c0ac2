import { BeforeApplicationShutdown, Logger, OnModuleInit } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createEvent, notificationFailedV1 } from '@fund-desk/contracts';
import { createRedis } from '@fund-desk/platform';
import type { NotificationsConfig } from '../../config/notifications.config';
import { hasContent } from '../infrastructure/notifications.repository';
import type { Channel, Delivery, NotificationsRepository } from '../infrastructure/notifications.repository';

interface DeliveryJob {
  deliveryId: string;
}

export interface ChannelSettings {
  channel: Channel;
  queue: string;
  attempts: number;
  backoffMs: number;
  /** The provider's rate limit. */
  perSecond: number;
}

/** Errors say what went wrong, never to whom: addresses and numbers are cut out before they are logged or published. */
export const withoutContacts = (message: string) =>
  message.replace(/[\w.+-]+@[\w.-]+/g, '<address>').replace(/\+?\d[\d ]{7,}\d/g, '<number>').slice(0, 500);

/**
 * One queue per channel: retries with exponential backoff, the provider's rate limit, the delivery id as
 * job id (a redelivered event or a retried job sends once; a delivery marked sent is never sent again).
 * After the last attempt the failure is recorded on the delivery and published (`notification.failed`).
 */
export abstract class ChannelDeliveryQueue implements OnModuleInit, BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private queue!: Queue<DeliveryJob>;
  private worker!: Worker<DeliveryJob>;
  private connections: Redis[] = [];

  protected constructor(
    private readonly settings: ChannelSettings,
    protected readonly config: NotificationsConfig,
    protected readonly repository: NotificationsRepository,
  ) {}

  /** Hands the delivery to the provider; throws to retry. */
  protected abstract send(delivery: Delivery): Promise<void>;

  onModuleInit(): void {
    const [producer, consumer] = [createRedis(this.config.REDIS_URL, 'worker'), createRedis(this.config.REDIS_URL, 'worker')];
    this.connections = [producer, consumer];
    const prefix = this.config.QUEUE_PREFIX;
    this.queue = new Queue<DeliveryJob>(this.settings.queue, {
      connection: producer,
      prefix,
      defaultJobOptions: {
        attempts: this.settings.attempts,
        backoff: { type: 'exponential', delay: this.settings.backoffMs },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
    this.worker = new Worker<DeliveryJob>(this.settings.queue, (job) => this.process(job), {
      connection: consumer,
      prefix,
      concurrency: 8,
      limiter: { max: this.settings.perSecond, duration: 1000 },
      // A worker that died mid-job: another takes the job over once the lock runs out.
      lockDuration: this.config.JOB_LOCK_MS,
      stalledInterval: Math.max(1000, Math.floor(this.config.JOB_LOCK_MS / 2)),
    });
    this.worker.on('failed', (job, error) => void this.onFailed(job, error));
    this.worker.on('error', (error) => this.logger.warn({ msg: `${this.settings.channel} worker error`, error: withoutContacts(error.message) }));
  }

  /** Queues a delivery; one held for quiet hours waits until `notBefore`. */
  async enqueue(deliveryId: string, notBefore?: Date): Promise<void> {
    const delay = notBefore ? Math.max(0, notBefore.getTime() - Date.now()) : 0;
    // BullMQ job ids take no ':' (other than its own three-part form): the delivery id with '_' instead.
    await this.queue.add('send', { deliveryId }, { jobId: deliveryId.replace(/:/g, '_'), ...(delay ? { delay } : {}) });
  }

  private async process(job: Job<DeliveryJob>): Promise<void> {
    const delivery = await this.repository.delivery(job.data.deliveryId);
    // Sent already, failed for good, or cancelled by an erasure (which also took the address): nothing to send.
    if (!delivery || delivery.status !== 'queued' || !hasContent(delivery)) return;
    await this.send(delivery);
    await this.repository.markDelivery(delivery.id, 'sent', { attempts: job.attemptsMade + 1 });
  }

  private async onFailed(job: Job<DeliveryJob> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    const reason = withoutContacts(error.message);
    this.logger.warn({ msg: final ? `${this.settings.channel} failed for good` : `${this.settings.channel} failed; will retry`, deliveryId: job.data.deliveryId, attempt: job.attemptsMade, error: reason });
    if (!final) return;
    const delivery = await this.repository.delivery(job.data.deliveryId);
    if (!delivery) return;
    const event = createEvent(notificationFailedV1, {
      correlationId: delivery.applicationId || delivery.id,
      causationId: null,
      producer: 'notifications',
      payload: {
        deliveryId: delivery.id,
        subject: delivery.subject,
        channel: delivery.channel,
        messageType: delivery.type,
        ...(delivery.applicationId ? { applicationId: delivery.applicationId } : {}),
        attempts: job.attemptsMade,
        error: reason,
      },
    });
    await this.repository.markFailed(delivery.id, { attempts: job.attemptsMade, error: reason }, event);
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Workers before queues, with a bound: a job in hand finishes or comes back after restart.
    await Promise.race([this.worker?.close(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    await this.queue?.close();
    for (const connection of this.connections) connection.disconnect();
  }
}
