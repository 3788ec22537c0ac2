import mongoose from 'mongoose';
import type { EventEnvelope } from '@fund-desk/contracts';
import { Publisher, publishOn } from './events';
import { stack } from './stack';
import type { ServiceName } from './system';
import { waitUntil } from './wait-until';

/** The platform's EventBus, as a test opens it (this library may not depend on the platform). */
export interface TestBus extends Publisher {
  disconnect(): Promise<void>;
}

export interface ServiceUnderTest {
  /** The service's own database. */
  readonly db: mongoose.Connection;
  /** Puts events on a topic, as another service's outbox would. */
  publish(topic: string, events: EventEnvelope[]): Promise<void>;
  /** Waits until the service's consumer has handled the event (its inbox record is written after the handler succeeded). */
  handled(event: EventEnvelope): Promise<true>;
  /** Every document in the service's database that contains one of these strings, as `collection/_id`. */
  mentions(...needles: string[]): Promise<string[]>;
}

/**
 * One service of the system the e2e set-up started, for a test file that feeds it events and looks into its
 * database. Call it at the top of the file: the bus and the database are opened before the file's tests and
 * closed after them.
 */
export function serviceUnderTest(service: ServiceName, openBus: () => TestBus): ServiceUnderTest {
  // The system names a service's database and its consumer group alike.
  const group = `${process.env.E2E_NAMESPACE}-${service}`;
  let bus: TestBus | undefined;
  let db: mongoose.Connection | undefined;

  beforeAll(async () => {
    bus = openBus();
    db = await mongoose.createConnection(stack.mongoUrl, { dbName: group, maxPoolSize: 1 }).asPromise();
  });

  afterAll(async () => {
    await bus?.disconnect();
    await db?.close();
  });

  const opened = <T>(value: T | undefined): T => {
    if (!value) throw new Error(`${service}: the bus and database open before the file's tests, not when it loads`);
    return value;
  };

  return {
    get db() {
      return opened(db);
    },
    publish: (topic, events) => publishOn(opened(bus), topic, events),
    handled: (event) =>
      waitUntil(async () => ((await opened(db).collection('inbox').findOne({ _id: `${group}:${event.id}` } as never)) ? (true as const) : null), {
        what: `${event.type} handled by ${service}`,
      }),
    async mentions(...needles) {
      const found: string[] = [];
      const connection = opened(db);
      for (const { name } of await connection.db!.listCollections().toArray()) {
        for (const doc of await connection.collection(name).find({}).toArray()) {
          const text = JSON.stringify(doc);
          if (needles.some((n) => text.includes(n))) found.push(`${name}/${String(doc._id)}`);
        }
      }
      return found;
    },
  };
}
