import { randomBytes } from 'node:crypto';

/** Where the local stack answers; `deploy/local/stack up` starts it, these env vars may point elsewhere. */
export const stack = {
  kafkaBrokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  mongoUrl: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  /** Keycloak's realm (deploy/local/stack starts it unless KEYCLOAK=off). */
  oidcIssuer: process.env.KEYCLOAK === 'off' ? undefined : (process.env.OIDC_ISSUER ?? 'http://127.0.0.1:8180/realms/fund-desk'),
};

/** A short id unique to this test, for database names, topics, groups and subjects. */
export function uniqueId(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
