import { z } from 'zod';
import { loadConfig, platformConfigSchema } from '@fund-desk/platform';

export const incomeChecksConfigSchema = platformConfigSchema.extend({
  PORT: z.coerce.number().int().default(3002),
  CONSUMER_GROUP: z.string().default('income-checks'),
  CONSUME_FROM_BEGINNING: z.enum(['true', 'false']).default('true'),
});

export type IncomeChecksConfig = ReturnType<typeof loadIncomeChecksConfig>;
export const loadIncomeChecksConfig = (env = process.env) => loadConfig('income-checks', incomeChecksConfigSchema, env);
export const INCOME_CHECKS_CONFIG = 'INCOME_CHECKS_CONFIG';
