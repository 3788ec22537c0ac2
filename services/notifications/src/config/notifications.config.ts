import { z } from 'zod';
import { loadConfig, platformConfigSchema } from '@fund-desk/platform';

export const notificationsConfigSchema = platformConfigSchema.extend({
  PORT: z.coerce.number().int().default(3004),
  CONSUMER_GROUP: z.string().default('notifications'),
  CONSUME_FROM_BEGINNING: z.enum(['true', 'false']).default('true'),
  SMTP_HOST: z.string().default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().default(2525),
  SMTP_SECURE: z.enum(['true', 'false']).default('false'),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().default('fund-desk <noreply@fund-desk.example>'),
  EMAIL_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  EMAIL_BACKOFF_MS: z.coerce.number().int().min(10).default(1000),
  EMAIL_RATE_PER_SECOND: z.coerce.number().int().min(1).default(50),
  /** How long a worker holds a job before another may take it over (a worker that died mid-job). */
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /** The SMS provider's HTTP API (the development double in dev-mail-sink locally); absent: no text messages. */
  SMS_URL: z.string().url().optional(),
  SMS_TOKEN: z.string().optional(),
  SMS_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  SMS_BACKOFF_MS: z.coerce.number().int().min(10).default(2000),
  SMS_RATE_PER_SECOND: z.coerce.number().int().min(1).default(10),
  /** Reminders for an unanswered question from a fund, after these many days. */
  REMINDER_DAYS: z
    .string()
    .regex(/^\d+(,\d+)*$/)
    .default('7,14'),
  /** The length of a reminder "day" in ms: a day, except in tests. */
  REMINDER_DAY_MS: z.coerce.number().int().min(1).default(86_400_000),
  /** Fund staff digests: daily at this local time, and at most hourly from this many new requests. */
  DIGEST_DAILY_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .default('07:00'),
  DIGEST_HOURLY_THRESHOLD: z.coerce.number().int().min(1).default(20),
  /** Where staff open their queue, for the link in the digest. */
  PORTAL_URL: z.string().url().default('http://127.0.0.1:8080'),
});

export type NotificationsConfig = ReturnType<typeof loadNotificationsConfig>;
export const loadNotificationsConfig = (env = process.env) => loadConfig('notifications', notificationsConfigSchema, env);
export const NOTIFICATIONS_CONFIG = 'NOTIFICATIONS_CONFIG';
