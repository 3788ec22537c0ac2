import { z } from 'zod';
import { loadConfig, platformConfigSchema } from '@fund-desk/platform';

export const fundRoutingConfigSchema = platformConfigSchema.extend({
  PORT: z.coerce.number().int().default(3003),
  CONSUMER_GROUP: z.string().default('fund-routing'),
  CONSUME_FROM_BEGINNING: z.enum(['true', 'false']).default('true'),
  /** The pain.001.001.03 XSD (deploy/local/sepa-schema): every SEPA file is checked against it before it is handed out. */
  PAIN001_XSD: z.string().optional(),
});

export type FundRoutingConfig = ReturnType<typeof loadFundRoutingConfig>;
export const loadFundRoutingConfig = (env = process.env) => loadConfig('fund-routing', fundRoutingConfigSchema, env);
export const FUND_ROUTING_CONFIG = 'FUND_ROUTING_CONFIG';
