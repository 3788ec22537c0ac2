import { DynamicModule, INestApplication, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Consumer } from 'kafkajs';
import { PlatformConfig } from '../config/config';
import { createValidationPipe } from '../errors/validation';
import { Readiness } from '../health/readiness';
import { kafkaServerOptions } from '../kafka/kafka-server-options';
import { withLogContext } from '../logging/correlation';
import { JsonLogger } from '../logging/json-logger';

export interface ServiceSpec {
  config: PlatformConfig;
  module: DynamicModule;
  title: string;
  description: string;
  /** The consumer group of this service's Kafka consumer, if it consumes events. */
  consumerGroup?: string;
  /** Start reading a new group at the earliest offset (production) or the latest (isolated test runs). */
  consumeFromBeginning?: boolean;
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

/** Starts a service: HTTP API with Swagger at /docs, health at /health and /ready, Kafka consumer, clean shutdown. */
export async function runService(spec: ServiceSpec): Promise<INestApplication> {
  const { config } = spec;
  const logger = new JsonLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const app = await NestFactory.create(spec.module, { logger, abortOnError: false });
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
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, spec), { jsonDocumentUrl: 'docs-json' });
  await app.init();

  if (spec.consumerGroup) {
    app.connectMicroservice<MicroserviceOptions>(
      kafkaServerOptions({
        clientId: `${config.SERVICE_NAME}-consumer`,
        brokers: config.KAFKA_BROKERS.split(','),
        group: spec.consumerGroup,
        fromBeginning: spec.consumeFromBeginning ?? true,
      }),
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    watchConsumer(app, config);
  }

  await app.listen(config.PORT, config.HOST);
  Logger.log(`${config.SERVICE_NAME} listening on http://${config.HOST}:${config.PORT}`, 'Bootstrap');
  handleSignals(app, config);
  return app;
}

/** Ties liveness and readiness to the consumer: joined a group, heartbeating, not crashed. */
function watchConsumer(app: INestApplication, config: PlatformConfig): void {
  const readiness = app.get(Readiness);
  const server = app.getMicroservices()[0] as unknown as { unwrap<T>(): T };
  const [, consumer] = server.unwrap<[unknown, Consumer]>();
  // kafkajs joins the group inside consumer.run(), which startAllMicroservices awaited. The consumer is
  // ready once it has fetched after joining: a new group reading from the latest offset has then fixed its
  // positions, so nothing published afterwards can be skipped.
  let joined = true;
  let fetched = false;
  let crashed: string | null = null;
  let lastHeartbeat = Date.now();
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
    lastHeartbeat = Date.now();
  });
  consumer.on(consumer.events.REBALANCING, () => {
    joined = false;
    fetched = false;
  });
  consumer.on(consumer.events.HEARTBEAT, () => (lastHeartbeat = Date.now()));
  consumer.on(consumer.events.FETCH, () => {
    lastHeartbeat = Date.now();
    if (joined) fetched = true;
  });
  consumer.on(consumer.events.CRASH, (event) => {
    // kafkajs restarts on retriable errors; a crash it will not recover from must restart the process.
    if (!event.payload.restart) {
      crashed = event.payload.error.message;
      Logger.error(`Kafka consumer crashed: ${crashed}; exiting`, 'Bootstrap');
      setTimeout(() => process.exit(1), 100).unref();
    }
  });
  readiness.add({
    name: 'consumer',
    check: async () => {
      if (!joined) throw new Error('not in its consumer group (joining or rebalancing)');
      if (!fetched) throw new Error('joined, not yet fetched');
    },
  });
  readiness.addLiveness(() => {
    if (crashed) return `consumer crashed: ${crashed}`;
    if (joined && Date.now() - lastHeartbeat > 5 * 60_000) return 'consumer silent for 5 minutes';
    return null;
  });
  void config;
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
      // The Kafka consumer first: kafkajs lets the message in hand finish and its offset be committed.
      // Marked terminated, the microservice closes only its server, not the application it shares.
      for (const microservice of app.getMicroservices()) {
        (microservice as unknown as { setIsTerminated(value: boolean): void }).setIsTerminated(true);
        await microservice.close();
      }
      // Then, once: BullMQ workers and the outbox relay (beforeApplicationShutdown), HTTP, Kafka, Redis, database.
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
