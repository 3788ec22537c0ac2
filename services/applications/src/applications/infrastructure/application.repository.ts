import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EventEnvelope } from '@fund-desk/contracts';
import { GuardedUpdates, OutboxRelay, withOutbox } from '@fund-desk/platform';
import type { Application } from '../domain/application';
import { APPLICATION_MODEL, MODELS } from './application.schema';

type Stored = Omit<Application, 'id'> & { _id: string; idempotencyKey: string };

function toDomain(doc: Stored): Application {
  const { _id, idempotencyKey: _key, ...rest } = doc as Stored & Record<string, unknown>;
  delete (rest as Record<string, unknown>).outbox;
  delete (rest as Record<string, unknown>).outboxPending;
  delete (rest as Record<string, unknown>).outboxLeaseUntil;
  return { id: _id, ...(rest as Omit<Application, 'id'>) };
}

export class DuplicateSubmission extends Error {}

@Injectable()
export class ApplicationRepository implements OnModuleInit {
  constructor(
    @InjectModel(APPLICATION_MODEL) private readonly model: Model<Stored>,
    @InjectModel(MODELS.erasure) private readonly erasures: Model<unknown>,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(GuardedUpdates) private readonly guarded: GuardedUpdates,
  ) {}

  onModuleInit(): void {
    this.relay.register(this.model.collection as never);
    this.relay.register(this.erasures.collection as never);
  }

  /** Stores a new application and the events it implies in one write. Returns false for a repeated idempotency key. */
  async insert(application: Application, idempotencyKey: string, events: EventEnvelope[]): Promise<boolean> {
    const { id, ...rest } = application;
    return this.relay.insertWithEvents(this.model.collection as never, { _id: id, idempotencyKey, ...rest }, events);
  }

  async findByIdempotencyKey(subject: string, idempotencyKey: string): Promise<Application | null> {
    const doc = await this.model.collection.findOne({ 'applicant.subject': subject, idempotencyKey });
    return doc ? toDomain(doc as unknown as Stored) : null;
  }

  async findById(id: string): Promise<Application | null> {
    const doc = await this.model.collection.findOne({ _id: id } as never);
    return doc ? toDomain(doc as unknown as Stored) : null;
  }

  async findByApplicant(subject: string, limit = 50): Promise<Application[]> {
    const docs = await this.model.collection.find({ 'applicant.subject': subject }).sort({ submittedAt: -1 }).limit(limit).toArray();
    return docs.map((d) => toDomain(d as unknown as Stored)).filter((a) => !a.erasedAt);
  }

  /** Applications a person may see: those they made, and those an intermediary made for them (with their account). */
  async findVisibleTo(subject: string, limit = 50): Promise<Application[]> {
    const docs = await this.model.collection
      .find({ $or: [{ 'applicant.subject': subject }, { 'consent.parent.account': subject }] })
      .sort({ submittedAt: -1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => toDomain(d as unknown as Stored)).filter((a) => !a.erasedAt);
  }

  /** Closed applications whose last change is older than a moment (retention). */
  async closedBefore(cutoff: Date, limit = 500): Promise<Application[]> {
    const docs = await this.model.collection.find({ status: { $in: ['completed', 'withdrawn'] } }).limit(limit * 4).toArray();
    return docs
      .map((d) => toDomain(d as unknown as Stored))
      .filter((a) => !a.erasedAt && new Date(a.timeline[a.timeline.length - 1]?.at ?? a.submittedAt) < cutoff)
      .slice(0, limit);
  }

  /** Replaces an application's personal data with what remains after erasure (applicant included), with its events. */
  async erase(application: Application, events: EventEnvelope[]): Promise<boolean> {
    const { id, version, ...rest } = application;
    const updated = await this.guarded.updateOne(this.model.collection as never, id, { version }, withOutbox({ $set: { ...rest, idempotencyKey: `erased:${id}` }, $inc: { version: 1 } }, events) as never);
    if (updated && events.length) this.relay.notify(this.model.collection as never, id);
    return updated;
  }

  /** A record that someone asked for erasure, carrying the event every service acts on. */
  async recordErasureRequest(id: string, record: Record<string, unknown>, events: EventEnvelope[]): Promise<void> {
    await this.relay.insertWithEvents(this.erasures.collection as never, { _id: id, ...record }, events);
  }

  /**
   * Writes a changed application if nobody changed it since it was read (optimistic concurrency on
   * `version`). Returns false on a conflict: the caller reads again and retries.
   */
  async replace(application: Application, events: EventEnvelope[] = []): Promise<boolean> {
    const { id, version, ...rest } = application;
    const { applicant: _a, ...changes } = rest;
    const updated = await this.guarded.updateOne(
      this.model.collection as never,
      id,
      { version },
      withOutbox({ $set: { ...changes }, $inc: { version: 1 } }, events) as never,
    );
    if (updated && events.length) this.relay.notify(this.model.collection as never, id);
    return updated;
  }
}
