import { z } from 'zod';
import { loadConfig, platformConfigSchema } from '@fund-desk/platform';

export const devRegisterConfigSchema = platformConfigSchema.extend({
  PORT: z.coerce.number().int().default(3030),
  /** The bearer token every lookup must carry, as a municipality would hand out to fund-desk. */
  REGISTER_TOKEN: z.string().min(1).default('dev-register-token'),
});

export type DevRegisterConfig = ReturnType<typeof loadDevRegisterConfig>;
export const loadDevRegisterConfig = (env = process.env) => loadConfig('dev-register', devRegisterConfigSchema, env);
export const DEV_REGISTER_CONFIG = 'DEV_REGISTER_CONFIG';
