import { BeforeApplicationShutdown, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Category } from '@fund-desk/contracts';
import { createRedis } from '@fund-desk/platform';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../../config/notifications.config';
import { CATEGORY_NAMES } from '../domain/templates';
import { NotificationsRepository } from '../infrastructure/notifications.repository';
import { DeliverNotice } from '../use-cases/notify/deliver-notice';
import { QueueName } from './queue-names';

export interface ReminderJob {
  requestId: string;
  questionEventId: string;
  applicationId: string;
  fundName: string;
  category: Category;
  childRef: string;
  question: string;
  days?: number;
}

/**
 * Reminds the applicant of a fund's question still unanswered after 7 and 14 days (REMINDER_DAYS): one
 * delayed job per reminder, planned when the question is asked; when it is due, it goes out only if that
 * same question is still open (answered, decided or moved on: nothing is sent).
 */
@Injectable()
export class ReminderQueue implements OnModuleInit, BeforeApplicationShutdown {
  private queue!: Queue<ReminderJob>;
  private worker!: Worker<ReminderJob>;
  private connections: Redis[] = [];

  constructor(
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(NotificationsRepository) private readonly repository: NotificationsRepository,
    @Inject(DeliverNotice) private readonly deliver: DeliverNotice,
  ) {}

  onModuleInit(): void {
    const [producer, consumer] = [createRedis(this.config.REDIS_URL, 'worker'), createRedis(this.config.REDIS_URL, 'worker')];
    this.connections = [producer, consumer];
    this.queue = new Queue<ReminderJob>(QueueName.Reminders, {
      connection: producer,
      prefix: this.config.QUEUE_PREFIX,
      defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: { count: 10_000 }, removeOnFail: { age: 30 * 24 * 3600 } },
    });
    this.worker = new Worker<ReminderJob>(QueueName.Reminders, (job) => this.remind(job), {
      connection: consumer,
      prefix: this.config.QUEUE_PREFIX,
      lockDuration: this.config.JOB_LOCK_MS,
    });
  }

  async schedule(reminder: Omit<ReminderJob, 'days'>): Promise<void> {
    for (const days of this.config.REMINDER_DAYS.split(',').map(Number)) {
      await this.queue.add('remind', { ...reminder, days }, { jobId: `${reminder.questionEventId}-${days}`, delay: days * this.config.REMINDER_DAY_MS });
    }
  }

  /**
   * Removes the reminders about these applications, waiting or done: their data holds the fund's question.
   * Erasures are rare, so this reads the queue page by page rather than keeping an index per application.
   * A reminder running right now cannot be removed; it finds no recipient and sends nothing.
   */
  async forget(applicationIds: string[]): Promise<number> {
    const ids = new Set(applicationIds);
    const found: Job<ReminderJob>[] = [];
    const page = 500;
    for (const state of ['delayed', 'waiting', 'paused', 'prioritized', 'completed', 'failed'] as const) {
      for (let start = 0; ; start += page) {
        const jobs = await this.queue.getJobs([state], start, start + page - 1);
        found.push(...jobs.filter((job) => job && ids.has(job.data.applicationId)));
        if (jobs.length < page) break;
      }
    }
    let removed = 0;
    for (const job of found) {
      try {
        await job.remove();
        removed++;
      } catch {
        // It started meanwhile (locked): it will send nothing, as above.
      }
    }
    return removed;
  }

  private async remind(job: Job<ReminderJob>): Promise<void> {
    const r = job.data;
    const tracked = await this.repository.trackedRequest(r.requestId);
    if (tracked?.status !== 'information-requested' || tracked.questionEventId !== r.questionEventId) return;
    const recipient = await this.repository.recipient(r.applicationId);
    if (!recipient) return;
    await this.deliver.toApplicant(
      `reminder-${r.questionEventId}-${r.days}`,
      recipient,
      {
        key: 'information-reminder',
        params: (lang, childName) => ({ fund: r.fundName, category: CATEGORY_NAMES[r.category][lang], child: childName(r.childRef), message: r.question, days: r.days ?? 0 }),
      },
      new Date(),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.race([this.worker?.close(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    await this.queue?.close();
    for (const connection of this.connections) connection.disconnect();
  }
}
