import { join } from 'node:path';
import { z } from 'zod';
import { loadConfig, platformConfigSchema } from '@fund-desk/platform';

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
  /** Development only (DEV_LOGIN=on): the private key dev-login signs with, a JSON Web Key (the launcher makes it). */
  DEV_LOGIN_SIGNING_KEY: z.string().optional(),
  /** The built portal (`npm run build` writes it to dist/portal, next to the compiled services). */
  PORTAL_DIR: z.string().default(join(__dirname, '..', '..', '..', '..', 'portal')),
});

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
export const loadGatewayConfig = (env = process.env) => loadConfig('gateway', gatewayConfigSchema, env);
export const GATEWAY_CONFIG = 'GATEWAY_CONFIG';
