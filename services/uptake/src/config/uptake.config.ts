import { z } from 'zod';
import { loadConfig, platformConfigSchema } from '@fund-desk/platform';

export const uptakeConfigSchema = platformConfigSchema.extend({
  PORT: z.coerce.number().int().default(3005),
  /** Base name of the consumer group; each rebuild reads with a fresh group `<base>-g<generation>`. */
  CONSUMER_GROUP: z.string().default('uptake'),
  /** Where a new read model starts: the earliest offsets (production) or the offsets at first start (isolated test runs). */
  CONSUME_FROM_BEGINNING: z.enum(['true', 'false']).default('true'),
  /** Any figure describing fewer children than this is suppressed in answers and exports. */
  SUPPRESS_BELOW: z.coerce.number().int().min(1).max(100).default(5),
  /**
   * Uptake hashes the child key it receives once more with a secret of its own, so its store cannot be joined
   * with another service's. Made up per process when not given (development): distinct counts then only hold
   * within one process lifetime, so set it wherever read models must survive a restart.
   */
  UPTAKE_KEY_SECRET: z.string().min(32).optional(),
});

export type UptakeConfig = ReturnType<typeof loadUptakeConfig> & { UPTAKE_KEY_SECRET: string };
export const loadUptakeConfig = (env = process.env) => loadConfig('uptake', uptakeConfigSchema, env);
export const UPTAKE_CONFIG = 'UPTAKE_CONFIG';
