import { KafkaOptions, Transport } from '@nestjs/microservices';
import { logLevel, Partitioners } from 'kafkajs';

export interface ConsumerServerSettings {
  clientId: string;
  brokers: string[];
  group: string;
  fromBeginning: boolean;
}

/**
 * Options for the NestJS Kafka transport that consumes a service's topics. Offsets are committed by
 * EventConsumer after each message is handled, values arrive as raw bytes (EventConsumer checks them),
 * the group id is used as given, and topics are never created implicitly.
 */
export function kafkaServerOptions(settings: ConsumerServerSettings): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: {
        clientId: settings.clientId,
        brokers: settings.brokers,
        logLevel: logLevel.WARN,
        retry: { retries: 8, initialRetryTime: 200 },
      },
      consumer: {
        groupId: settings.group,
        allowAutoTopicCreation: false,
        sessionTimeout: 30_000,
        heartbeatInterval: 3_000,
        // Rebalances (a second instance starting) should be quick on a small cluster.
        rebalanceTimeout: 30_000,
        // An idle fetch returns after a second: readiness (first fetch after joining) comes quickly.
        maxWaitTimeInMs: 1000,
      },
      // The transport's own producer (for replies) is unused; set its partitioner explicitly all the same.
      producer: { createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false },
      run: { autoCommit: false, partitionsConsumedConcurrently: 3 },
      subscribe: { fromBeginning: settings.fromBeginning },
      parser: { keepBinary: true },
    },
  };
}
