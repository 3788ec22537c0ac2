import { DynamicModule, INestApplication, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { PlatformConfig } from '../config/config';
import { createValidationPipe } from '../errors/validation';
import { withLogContext } from '../logging/correlation';
import { JsonLogger } from '../logging/json-logger';
import { jsonShapeGuard, strictUtf8 } from './json-body';

export interface ServiceSpec {
  config: PlatformConfig;
  module: DynamicModule;
  title: string;
  description: string;
  /** Extra set-up of the HTTP app before it listens (the gateway mounts its proxy and portal). */
  configure?: (app: INestApplication) => void | Promise<void>;
}

export const API_PREFIX = 'api/v1';

export function buildOpenApiDocument(app: INestApplication, spec: Pick<ServiceSpec, 'title' | 'description'>) {
  const document = new DocumentBuilder()
    .setTitle(spec.title)
    .setDescription(spec.description)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  return SwaggerModule.createDocument(app, document);
}

/** Starts a service: HTTP API with Swagger at /docs, health at /health and /ready, clean shutdown (the Kafka consumer is PlatformModule's). */
export async function runService(spec: ServiceSpec): Promise<INestApplication> {
  const { config } = spec;
  const logger = new JsonLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(spec.module, { logger, abortOnError: false, bodyParser: false });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'ready'] });
  app.useGlobalPipes(createValidationPipe());
  const http = app.getHttpAdapter().getInstance();
  http.disable('x-powered-by');
  // Every log line of a request carries its correlation id (the gateway passes it on to the services).
  http.use((req: Request, res: Response, next: NextFunction) => {
    const header = req.headers['x-correlation-id'];
    const correlationId = typeof header === 'string' && /^[\w.:-]{1,100}$/.test(header) ? header : randomUUID();
    req.headers['x-correlation-id'] = correlationId;
    res.setHeader('X-Correlation-Id', correlationId);
    withLogContext({ correlationId }, next);
  });
  await spec.configure?.(app);
  // Our own body parsers, after what `configure` put first (the gateway's proxy streams bodies untouched): a size
  // limit per service (413), strict UTF-8, and the shape of the JSON checked before any handler sees it.
  app.useBodyParser('json', { limit: config.BODY_LIMIT_BYTES, verify: strictUtf8 });
  app.useBodyParser('urlencoded', { limit: config.BODY_LIMIT_BYTES, extended: false });
  http.use(jsonShapeGuard);
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, spec), { jsonDocumentUrl: 'docs-json' });
  await app.init();

  await app.listen(config.PORT, config.HOST);
  Logger.log(`${config.SERVICE_NAME} listening on http://${config.HOST}:${config.PORT}`, 'Bootstrap');
  handleSignals(app, config);
  return app;
}

function handleSignals(app: INestApplication, config: PlatformConfig): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    Logger.log(`${signal}: finishing in-flight work`, 'Bootstrap');
    const force = setTimeout(() => {
      Logger.error('Shutdown took too long; exiting', 'Bootstrap');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 5000);
    force.unref();
    try {
      // In order (PlatformModule's beforeApplicationShutdown): the Kafka consumer (the batch in hand finishes and is
      // committed), BullMQ workers and the outbox relay, then HTTP, Kafka, Redis, database.
      await app.close();
      process.exit(0);
    } catch (error) {
      Logger.error(error as Error, 'Bootstrap');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
