import 'reflect-metadata';
import express from 'express';
import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import type { Redis } from 'ioredis';
import { buildOpenApiDocument, REDIS, runService, TokenVerifier } from '@fund-desk/platform';
import { GatewayConfig, loadGatewayConfig } from './config/gateway.config';
import { OpenApiAggregator } from './docs/openapi-aggregator';
import { GatewayModule } from './gateway.module';
import { apiProxy, sessionBridge } from './proxy/api-proxy';
import { BROWSER_SESSIONS } from './session/session.controller';
import type { BrowserSessions } from './session/browser-sessions';
import { apiGuards } from './hardening/api-guards';
import { RateLimiter } from './hardening/rate-limit';
import { securityHeaders } from './hardening/security-headers';
import { routesOf } from './proxy/routes';
import { portalStatic } from './portal/portal-static';

const TITLE = 'fund-desk gateway';
const DESCRIPTION = 'The one public entry: the portal at /, the public API at /api/v1, sign-in.';

function configure(app: INestApplication, config: GatewayConfig): void {
  const http = app.getHttpAdapter().getInstance() as express.Express;
  const routes = routesOf(config);
  http.set('trust proxy', config.TRUST_PROXY);
  http.use(securityHeaders({ https: config.PUBLIC_URL.startsWith('https://') }));
  const sessions = app.get<BrowserSessions>(BROWSER_SESSIONS);
  http.use(
    apiGuards({
      body: { defaultBytes: config.BODY_LIMIT_BYTES, evidenceBytes: config.EVIDENCE_BODY_LIMIT_BYTES },
      limits:
        config.RATE_LIMIT === 'on'
          ? { signInPerMinute: config.RATE_SIGN_IN_PER_MINUTE, submitPerHour: config.RATE_SUBMIT_PER_HOUR, apiPerMinute: config.RATE_API_PER_MINUTE }
          : null,
      limiter: new RateLimiter(app.get<Redis>(REDIS), `${config.QUEUE_PREFIX}:gateway`),
      sessionCookie: sessions.cookieName,
    }),
  );
  // Before Nest's body parser: the proxy streams bodies to the services untouched.
  http.use(apiProxy(routes, app.get(TokenVerifier), app.get(BROWSER_SESSIONS)));
  http.use(sessionBridge(app.get(BROWSER_SESSIONS)));
  let aggregator: OpenApiAggregator | null = null;
  http.get('/api/docs-json', (_req, res, next) => {
    aggregator ??= new OpenApiAggregator(
      buildOpenApiDocument(app, { title: TITLE, description: DESCRIPTION }),
      [
        { name: 'applications', url: config.APPLICATIONS_URL[0] },
        { name: 'income-checks', url: config.INCOME_CHECKS_URL[0] },
        { name: 'fund-routing', url: config.FUND_ROUTING_URL[0] },
        { name: 'notifications', url: config.NOTIFICATIONS_URL[0] },
        { name: 'uptake', url: config.UPTAKE_URL[0] },
        ...(config.NODE_ENV !== 'production' && config.MAIL_SINK_URL ? [{ name: 'dev-mail-sink', url: config.MAIL_SINK_URL }] : []),
      ],
    );
    aggregator.document().then((doc) => res.json(doc), next);
  });
  // Swagger UI of the whole public API: it loads the merged document above instead of the gateway's own.
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app, { title: TITLE, description: DESCRIPTION }), {
    jsonDocumentUrl: 'api/docs-gateway-json',
    swaggerOptions: { url: '/api/docs-json', spec: null },
  });
  // The portal's pages and files; /api, /health and /ready go on to Nest.
  http.use(portalStatic(config.PORTAL_DIR, { sourceMaps: config.NODE_ENV !== 'production' }));
}

async function main() {
  const config = loadGatewayConfig();
  await runService({
    config,
    module: GatewayModule.forRoot(config),
    title: TITLE,
    description: DESCRIPTION,
    configure: (nest) => configure(nest, config),
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
