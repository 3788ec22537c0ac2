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
});

export type NotificationsConfig = ReturnType<typeof loadNotificationsConfig>;
export const loadNotificationsConfig = (env = process.env) => loadConfig('notifications', notificationsConfigSchema, env);
export const NOTIFICATIONS_CONFIG = 'NOTIFICATIONS_CONFIG';
