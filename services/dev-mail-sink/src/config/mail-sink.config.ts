import { z } from 'zod';
import { loadConfig, platformConfigSchema } from '@fund-desk/platform';

export const mailSinkConfigSchema = platformConfigSchema.extend({
  PORT: z.coerce.number().int().default(3025),
  SMTP_PORT: z.coerce.number().int().default(2525),
  MAX_MESSAGE_BYTES: z.coerce.number().int().default(1_000_000),
  /** The bearer token the SMS gateway double asks of senders, as a real provider would; unset, it asks none. */
  SMS_TOKEN: z.string().min(1).optional(),
});

export type MailSinkConfig = ReturnType<typeof loadMailSinkConfig>;
export const loadMailSinkConfig = (env = process.env) => loadConfig('dev-mail-sink', mailSinkConfigSchema, env);
export const MAIL_SINK_CONFIG = 'MAIL_SINK_CONFIG';
