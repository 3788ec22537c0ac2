import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnModuleInit,
  Provider,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import type { Redis } from 'ioredis';
import mongoose, { Connection } from 'mongoose';
import { AuthGuard } from '../auth/auth.guard';
import { TokenVerifier } from '../auth/tokens';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/config';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { HealthController } from '../health/health.controller';
import { Readiness } from '../health/readiness';
import { EventBus } from '../kafka/event-bus';
import { ConsumerHost } from '../kafka/consumer-host';
import { OutboxRelay } from '../outbox/outbox-relay';
import { createRedis } from '../redis/redis';
import { GuardedUpdates } from '../mongo/guarded-updates';
import { DocumentLocks } from '../mongo/document-locks';
import { DocumentStore } from '../mongo/document-store';

export const REDIS = Symbol('REDIS');

export interface PlatformOptions {
  config: PlatformConfig;
  /** Services that consume events name their consumer group; the gateway consumes none. */
  consumerGroup?: string;
  /** A new group reads from the earliest offset (production) or the latest (isolated test runs). */
  consumeFromBeginning?: boolean;
  /** The gateway keeps no database. */
  database?: boolean;
  kafka?: boolean;
}

// Never let a request body become a query operator; unknown filter fields are errors.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', 'throw');

@Injectable()
class PlatformLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Platform');

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(Readiness) private readonly readiness: Readiness,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(EventBus) private readonly bus: EventBus | null,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay | null,
    @Inject(ConsumerHost) private readonly consumer: ConsumerHost | null,
    @Inject('PLATFORM_CONNECTION') private readonly connection: Connection | null,
    @Inject(DocumentStore) private readonly store: DocumentStore,
  ) {}

  async onModuleInit(): Promise<void> {
    this.readiness.add({ name: 'redis', check: async () => void (await this.redis.ping()) });
    if (this.connection) {
      const connection = this.connection;
      this.readiness.add({ name: 'database', check: async () => void (await connection.db!.admin().ping()) });
      const flavour = await this.store.open(connection.db!);
      this.logger.log(`Database: ${flavour}, pool of ${this.config.MONGO_MAX_POOL_SIZE}${flavour === 'ferretdb' ? ', writes under document locks' : ''}`);
    }
    if (this.bus) {
      const bus = this.bus;
      this.readiness.add({ name: 'kafka', check: () => bus.ping() });
      // Topics exist before any consumer subscribes: subscribing to a missing topic fails under KRaft.
      await bus.ensureTopics();
      await bus.connect();
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.relay) {
      await this.relay.ensureIndexes();
      this.relay.start();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    // The consumer first: the batch in hand finishes and is committed before the database and Kafka close.
    await this.consumer?.stop(this.config.SHUTDOWN_TIMEOUT_MS);
    await this.relay?.stop();
    await this.bus?.disconnect();
    this.redis.disconnect();
    this.logger.log('Platform stopped');
  }
}

@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { config } = options;
    const useDatabase = options.database !== false;
    const useKafka = options.kafka !== false;
    const providers: Provider[] = [
      { provide: PLATFORM_CONFIG, useValue: config },
      { provide: TokenVerifier, useValue: TokenVerifier.fromConfig(config) },
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      { provide: Readiness, useValue: new Readiness() },
      { provide: REDIS, useFactory: () => createRedis(config.REDIS_URL, 'client') },
      {
        provide: DocumentStore,
        useFactory: () => new DocumentStore(new DocumentLocks(createRedis(config.REDIS_URL, 'locks'), { prefix: `${config.QUEUE_PREFIX}:doc-lock:` })),
      },
      { provide: GuardedUpdates, inject: [DocumentStore], useFactory: (store: DocumentStore) => new GuardedUpdates(store) },
      {
        provide: EventBus,
        useFactory: () =>
          useKafka
            ? new EventBus({
                clientId: config.SERVICE_NAME,
                brokers: config.KAFKA_BROKERS.split(','),
                replicationFactor: config.KAFKA_REPLICATION_FACTOR,
              })
            : null,
      },
      {
        provide: OutboxRelay,
        inject: [EventBus, DocumentStore],
        useFactory: (bus: EventBus | null, store: DocumentStore) => (bus && useDatabase ? new OutboxRelay(bus, store, config.OUTBOX_SWEEP_MS) : null),
      },
      {
        provide: 'PLATFORM_CONNECTION',
        inject: useDatabase ? [getConnectionToken()] : [],
        useFactory: (connection?: Connection) => connection ?? null,
      },
      { provide: 'CONSUMER_HOST_OPTIONS', useValue: { group: options.consumerGroup ?? '', fromBeginning: options.consumeFromBeginning ?? true } },
      useKafka && useDatabase && options.consumerGroup ? ConsumerHost : { provide: ConsumerHost, useValue: null },
      PlatformLifecycle,
    ];
    return {
      module: PlatformModule,
      imports: [DiscoveryModule, ...(useDatabase
        ? [
            MongooseModule.forRoot(config.MONGO_URL, {
              dbName: config.MONGO_DB,
              serverSelectionTimeoutMS: 5000,
              maxPoolSize: config.MONGO_MAX_POOL_SIZE,
              autoIndex: true,
            }),
          ]
        : [])],
      controllers: [HealthController],
      providers,
      exports: [PLATFORM_CONFIG, TokenVerifier, Readiness, DocumentStore, GuardedUpdates, REDIS, EventBus, OutboxRelay, ConsumerHost, 'PLATFORM_CONNECTION'],
    };
  }
}
