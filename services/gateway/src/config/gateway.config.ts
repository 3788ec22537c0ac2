import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfig, platformConfigSchema } from '@fund-desk/platform';

/** One service's instances: a URL, or several separated by commas (the gateway spreads requests over them). */
const instances = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) => value.split(',').map((url) => url.trim()).filter(Boolean))
    .pipe(z.array(z.string().url()).min(1));

export const gatewayConfigSchema = platformConfigSchema.extend({
  PORT: z.coerce.number().int().default(8080),
  APPLICATIONS_URL: instances('http://127.0.0.1:3001'),
  INCOME_CHECKS_URL: instances('http://127.0.0.1:3002'),
  FUND_ROUTING_URL: instances('http://127.0.0.1:3003'),
  NOTIFICATIONS_URL: instances('http://127.0.0.1:3004'),
  UPTAKE_URL: instances('http://127.0.0.1:3005'),
  /** Development only: the mail sink behind /api/v1/dev/mailbox. */
  MAIL_SINK_URL: z.string().url().optional(),
  /** The gateway as the realm's OIDC client (the portal's sign-in); without a secret, only bearer tokens are accepted. */
  OIDC_CLIENT_ID: z.string().min(1).default('fund-desk-portal'),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Plain http to the identity provider: only on a closed network (compose); in development and on loopback it is allowed anyway. */
  OIDC_ALLOW_HTTP: z.enum(['true', 'false']).default('false'),
  /** Where browsers reach the gateway (the redirect back from the identity provider is `<PUBLIC_URL>/api/v1/auth/callback`). */
  PUBLIC_URL: z.string().url().optional(),
  /** Session limits in seconds: idle for staff (fund staff, municipality, administrators), idle for parents and intermediaries, absolute. */
  SESSION_STAFF_IDLE_S: z.coerce.number().int().min(60).default(15 * 60),
  SESSION_CITIZEN_IDLE_S: z.coerce.number().int().min(60).default(30 * 60),
  SESSION_ABSOLUTE_S: z.coerce.number().int().min(300).default(10 * 3600),
  /** Request bodies: any request (BODY_LIMIT_BYTES, shared with the services), and an evidence upload. */
  EVIDENCE_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(8 * 1024 * 1024),
  /** Rate limits in Redis (across every gateway instance): off only for load tests. */
  RATE_LIMIT: z.enum(['on', 'off']).default('on'),
  RATE_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  RATE_SUBMIT_PER_HOUR: z.coerce.number().int().min(1).default(30),
  RATE_API_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Proxies in front of the gateway whose X-Forwarded-For is believed (express `trust proxy`): loopback by default. */
  TRUST_PROXY: z.string().default('loopback'),
  /** Development only (DEV_LOGIN=on): the private key dev-login signs with, a JSON Web Key (the launcher makes it). */
  DEV_LOGIN_SIGNING_KEY: z.string().optional(),
  /** The built portal (`npm run build` writes it to dist/portal, next to the compiled services). */
  PORTAL_DIR: z.string().default(join(__dirname, '..', '..', '..', '..', 'portal')),
});

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
export const loadGatewayConfig = (env = process.env) => {
  const config = loadConfig('gateway', gatewayConfigSchema, env);
  if (config.NODE_ENV === 'production' && !config.OIDC_CLIENT_SECRET) throw new ConfigError('Invalid configuration for gateway: OIDC_CLIENT_SECRET is required in production');
  return { ...config, PUBLIC_URL: (config.PUBLIC_URL ?? `http://127.0.0.1:${config.PORT}`).replace(/\/$/, '') };
};
export const GATEWAY_CONFIG = 'GATEWAY_CONFIG';
