import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';

/** Settings every service shares. Read once at start-up, validated, then injected; nothing else reads process.env. */
export const platformConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** A MongoDB connection string; a seed list of several hosts is fine. */
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// connection string').default('mongodb://127.0.0.1:27017'),
  /** Each service owns its database; tests give every run its own names. */
  MONGO_DB: z.string().min(1).optional(),
  /**
   * Connections to the database (the pool). Every write goes through the repository kit, atomic per document on
   * MongoDB by itself and on FerretDB under the document's lock in Redis (decisions.md §22), so any size is safe.
   */
  MONGO_MAX_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:9092'),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).default(1),
  /** How often a consumer tries a message before it goes to the dead-letter topic. */
  CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(4),
  CONSUMER_RETRY_BASE_MS: z.coerce.number().int().min(1).default(200),
  /** How often the outbox relay sweeps for events a crashed process left behind (writes are published at once). */
  OUTBOX_SWEEP_MS: z.coerce.number().int().min(100).default(10_000),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Prefix for BullMQ keys, so several deployments or test runs can share one Redis. */
  QUEUE_PREFIX: z.string().default('fund-desk'),
  /**
   * The identity provider's realm (Keycloak: http://127.0.0.1:8180/realms/fund-desk locally). Every service verifies
   * access tokens by this issuer's keys (its JWKS); required in production.
   */
  OIDC_ISSUER: z.string().url().optional(),
  /** Where the issuer's keys are, when not at Keycloak's standard path `<issuer>/protocol/openid-connect/certs`. */
  OIDC_JWKS_URL: z.string().url().optional(),
  /** Seconds of clock difference tolerated on a token's expiry. */
  AUTH_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(300).default(30),
  /**
   * Development sign-in (gateway `POST /auth/dev-login`, tokens of issuer fund-desk-dev-login): off unless this says
   * `on`, and never in production. The launcher of tests and demos turns it on.
   */
  DEV_LOGIN: z.preprocess((value) => (value === '' ? undefined : value), z.enum(['on', 'off']).default('off')),
  /** The public key(s) of the development sign-in, as a JSON Web Key Set (the launcher makes a key pair per run). */
  DEV_LOGIN_JWKS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      try {
        const parsed = JSON.parse(value) as JSONWebKeySet;
        if (!Array.isArray(parsed.keys) || parsed.keys.some((k) => k.kty !== 'RSA' || 'd' in k)) throw new Error();
        return parsed;
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a JSON Web Key Set of public RSA keys' });
        return z.NEVER;
      }
    }),
  /** The largest JSON body a service takes (bytes); more is 413. Evidence uploads (multipart) have their own limit. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
});
export type PlatformConfig = z.infer<typeof platformConfigSchema> & { SERVICE_NAME: string; MONGO_DB: string };

export class ConfigError extends Error {}

/**
 * Validates the environment against the service's schema. In production the identity provider's issuer is
 * required and the development sign-in is refused.
 */
export function loadConfig<S extends z.AnyZodObject>(
  serviceName: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> & PlatformConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration for ${serviceName}:\n${lines.join('\n')}`);
  }
  const config = parsed.data as z.infer<S> & PlatformConfig;
  if (config.NODE_ENV === 'production') {
    if (!config.OIDC_ISSUER) throw new ConfigError(`Invalid configuration for ${serviceName}: OIDC_ISSUER is required in production`);
    if (config.DEV_LOGIN === 'on') throw new ConfigError(`Invalid configuration for ${serviceName}: DEV_LOGIN=on is refused in production`);
  }
  config.MONGO_DB = config.MONGO_DB ?? `fund-desk-${serviceName}`;
  config.SERVICE_NAME = serviceName;
  return config;
}

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
