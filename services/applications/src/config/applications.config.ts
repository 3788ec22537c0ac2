import { z } from 'zod';
import { loadConfig, platformConfigSchema } from '@fund-desk/platform';

export const applicationsConfigSchema = platformConfigSchema.extend({
  PORT: z.coerce.number().int().default(3001),
  CONSUMER_GROUP: z.string().default('applications'),
  CONSUME_FROM_BEGINNING: z.enum(['true', 'false']).default('true'),
  /** Municipalities the desk serves (CBS codes); administration moves to the API later. */
  KNOWN_MUNICIPALITIES: z.string().default('GM0080,GM0772'),
  /**
   * Secret of the pseudonymous child key (HMAC of first name, birth date and postcode): lets funds keep a
   * child's yearly limits across applications without knowing who the child is. Required in production.
   */
  CHILD_KEY_SECRET: z.string().min(16).optional(),
  /** Personal data of a closed application is erased this many days after its last change. */
  APPLICATION_RETENTION_DAYS: z.coerce.number().int().min(1).default(730),
});

export type ApplicationsConfig = ReturnType<typeof loadApplicationsConfig>;
export const loadApplicationsConfig = (env = process.env) => loadConfig('applications', applicationsConfigSchema, env);
export const APPLICATIONS_CONFIG = 'APPLICATIONS_CONFIG';
