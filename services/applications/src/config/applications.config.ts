import { z } from 'zod';
import { loadConfig, platformConfigSchema } from '@fund-desk/platform';

export const applicationsConfigSchema = platformConfigSchema.extend({
  PORT: z.coerce.number().int().default(3001),
  CONSUMER_GROUP: z.string().default('applications'),
  CONSUME_FROM_BEGINNING: z.enum(['true', 'false']).default('true'),
  /** Municipalities the desk serves (CBS codes); administration moves to the API later. */
  KNOWN_MUNICIPALITIES: z.string().default('GM0080,GM0772'),
});

export type ApplicationsConfig = ReturnType<typeof loadApplicationsConfig>;
export const loadApplicationsConfig = (env = process.env) => loadConfig('applications', applicationsConfigSchema, env);
export const APPLICATIONS_CONFIG = 'APPLICATIONS_CONFIG';
