import { Logger } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import type { Connection } from 'mongoose';
import { ContractViolation, decodeEnvelope, EventEnvelope, TOPICS } from '@fund-desk/contracts';
import { DomainError } from '../errors/domain-error';
import { DocumentStore } from '../mongo/document-store';
import { withLogContext } from '../logging/correlation';
import { EventBus } from './event-bus';

export type EventHandler = (event: EventEnvelope) => Promise<void>;

export interface EventConsumerOptions {
  group: string;
  maxAttempts: number;
  retryBaseMs: number;
  deadLetterTopic?: string;
}

interface InboxRecord {
  _id: string;
  eventId: string;
  group: string;
  type: string;
  processedAt: Date;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one Kafka message through a handler with the guarantees every consumer needs:
 * the envelope and payload are checked against the contracts (malformed: dead-lettered at once);
 * an event already handled by this group is skipped (inbox); a failing handler is retried with
 * backoff, then dead-lettered; the offset (next to read: offset + 1) is committed only after that.
 * Handlers must also be idempotent in their own writes, which covers a crash between effect and inbox.
 */
export class EventConsumer {
  private readonly logger = new Logger(EventConsumer.name);
  private stopping = false;
  private inFlight = 0;
  private idle: (() => void) | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly connection: Connection,
    private readonly store: DocumentStore,
    private readonly options: EventConsumerOptions,
  ) {}

  private get inbox() {
    return this.store.collection<InboxRecord>(this.connection.db!.collection('inbox'));
  }

  async process(ctx: KafkaContext, handler: EventHandler): Promise<void> {
    if (this.stopping) throw new Error('Consumer is stopping; the message will be delivered again');
    this.inFlight++;
    try {
      await this.handle(ctx, handler);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0 && this.idle) this.idle();
    }
  }

  /** Stops taking new messages and waits (bounded) for those in hand. */
  async drain(timeoutMs: number): Promise<void> {
    this.stopping = true;
    if (this.inFlight === 0) return;
    await Promise.race([new Promise<void>((resolve) => (this.idle = resolve)), sleep(timeoutMs)]);
  }

  private async handle(ctx: KafkaContext, handler: EventHandler): Promise<void> {
    const message = ctx.getMessage();
    const topic = ctx.getTopic();
    const partition = ctx.getPartition();
    const value = message.value as unknown as Buffer | null;

    let event: EventEnvelope;
    try {
      event = decodeEnvelope(value);
    } catch (error) {
      const reason = error instanceof ContractViolation ? error.message : String(error);
      this.logger.warn({ msg: 'Malformed message dead-lettered', topic, partition, offset: message.offset, reason });
      await this.deadLetter(ctx, reason, 0);
      await this.commit(ctx);
      return;
    }

    await withLogContext({ correlationId: event.correlationId, eventId: event.id }, async () => {
      const inboxId = `${this.options.group}:${event.id}`;
      if (await this.inbox.findOne({ _id: inboxId }, { projection: { _id: 1 } })) {
        this.logger.debug({ msg: 'Duplicate event skipped', type: event.type });
        await this.commit(ctx);
        return;
      }
      let lastError: unknown;
      for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
        try {
          const started = Date.now();
          await handler(event);
          this.logger.debug({ msg: 'Event handled', type: event.type, ms: Date.now() - started });
          // A unique insert: a second record of the same event (a redelivery racing this one) is refused, not doubled.
          await this.inbox.insertOnce({ _id: inboxId, eventId: event.id, group: this.options.group, type: event.type, processedAt: new Date() });
          await this.commit(ctx);
          return;
        } catch (error) {
          lastError = error;
          // Retrying cannot fix a broken contract or input the domain calls invalid.
          if (error instanceof ContractViolation || (error instanceof DomainError && error.kind === 'invalid')) break;
          this.logger.warn({ msg: 'Handler failed', type: event.type, attempt, error: (error as Error).message });
          if (this.stopping) throw error; // leave it uncommitted: it comes back after restart
          if (attempt < this.options.maxAttempts) {
            await sleep(Math.min(this.options.retryBaseMs * 2 ** (attempt - 1), 10_000));
            await ctx.getHeartbeat()().catch(() => undefined);
          }
        }
      }
      const reason = lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError);
      this.logger.error({ msg: 'Event dead-lettered after retries', type: event.type, reason });
      await this.deadLetter(ctx, reason, this.options.maxAttempts);
      await this.commit(ctx);
    });
  }

  private async deadLetter(ctx: KafkaContext, error: string, attempts: number): Promise<void> {
    const message = ctx.getMessage();
    await this.bus.deadLetter(this.options.deadLetterTopic ?? TOPICS.deadLetters, {
      group: this.options.group,
      topic: ctx.getTopic(),
      partition: ctx.getPartition(),
      offset: message.offset,
      key: (message.key as unknown as Buffer | null) ?? null,
      value: (message.value as unknown as Buffer | null) ?? null,
      error,
      attempts,
    });
  }

  private async commit(ctx: KafkaContext): Promise<void> {
    // Kafka stores the next offset to read.
    const next = (BigInt(ctx.getMessage().offset) + 1n).toString();
    await ctx.getConsumer().commitOffsets([{ topic: ctx.getTopic(), partition: ctx.getPartition(), offset: next }]);
  }
}
