import { z } from 'zod';
import { loadConfig, platformConfigSchema } from '@fund-desk/platform';

export const incomeChecksConfigSchema = platformConfigSchema.extend({
  PORT: z.coerce.number().int().default(3002),
  CONSUMER_GROUP: z.string().default('income-checks'),
  CONSUME_FROM_BEGINNING: z.enum(['true', 'false']).default('true'),
  /** Each municipality's register: JSON {"GM0080": {"url": "...", "token": "..."}}. None: declared income is used. */
  REGISTERS: z.string().optional(),
  REGISTER_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
  REGISTER_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(4),
  REGISTER_BACKOFF_MS: z.coerce.number().int().min(10).default(500),
  REGISTER_RATE_PER_SECOND: z.coerce.number().int().min(1).default(20),
  REGISTER_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
  REGISTER_BREAKER_OPEN_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * Keys that seal the BSN and evidence at rest: "kid:base64key,…", the first encrypts, all decrypt (rotation).
   * Required in production; made up per process in development when absent (the launcher keeps a stable one).
   */
  DATA_KEYS: z.string().optional(),
  /** Secret for the blind index that finds a household again without storing who it is. */
  HOUSEHOLD_INDEX_SECRET: z.string().min(16).optional(),
  EVIDENCE_MAX_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  EVIDENCE_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
});

export type IncomeChecksConfig = ReturnType<typeof loadIncomeChecksConfig>;
export const loadIncomeChecksConfig = (env = process.env) => loadConfig('income-checks', incomeChecksConfigSchema, env);
export const INCOME_CHECKS_CONFIG = 'INCOME_CHECKS_CONFIG';
