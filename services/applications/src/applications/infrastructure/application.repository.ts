import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EventEnvelope } from '@fund-desk/contracts';
import { DocumentStore, OutboxRelay, type StoreCollection, type Update, withOutbox } from '@fund-desk/platform';
import type { Application } from '../domain/application';
import { APPLICATION_MODEL, MODELS } from './application.schema';

/** An application as stored: its id as `_id`, and the key that made a repeated submit find it. */
export type StoredApplication = Omit<Application, 'id'> & { _id: string; idempotencyKey: string };

function toDomain(doc: StoredApplication): Application {
  const { _id, idempotencyKey: _key, ...rest } = doc as StoredApplication & Record<string, unknown>;
  delete (rest as Record<string, unknown>).outbox;
  delete (rest as Record<string, unknown>).outboxPending;
  delete (rest as Record<string, unknown>).outboxLeaseUntil;
  return { id: _id, ...(rest as Omit<Application, 'id'>) };
}

export class DuplicateSubmission extends Error {}

/**
 * What a change makes of the stored application: the application changed in place and the events it implies
 * (written in the same update, to the outbox), or null to leave it as it is.
 */
export type ApplicationChange = (application: Application | null) => EventEnvelope[] | null;

@Injectable()
export class ApplicationRepository implements OnModuleInit {
  private readonly applications: StoreCollection<StoredApplication>;

  constructor(
    @InjectModel(APPLICATION_MODEL) private readonly model: Model<StoredApplication>,
    @InjectModel(MODELS.erasure) private readonly erasures: Model<unknown>,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(DocumentStore) store: DocumentStore,
  ) {
    this.applications = store.collection<StoredApplication>(this.model.collection);
  }

  onModuleInit(): void {
    this.relay.register(this.model.collection);
    this.relay.register(this.erasures.collection);
  }

  /** Stores a new application and the events it implies in one write. Returns false for a repeated idempotency key. */
  async insert(application: Application, idempotencyKey: string, events: EventEnvelope[]): Promise<boolean> {
    const { id, ...rest } = application;
    return this.relay.insertWithEvents(this.model.collection, { _id: id, idempotencyKey, ...rest }, events);
  }

  async findByIdempotencyKey(subject: string, idempotencyKey: string): Promise<Application | null> {
    const doc = await this.applications.findOne({ 'applicant.subject': subject, idempotencyKey });
    return doc ? toDomain(doc) : null;
  }

  async findById(id: string): Promise<Application | null> {
    const doc = await this.applications.findById(id);
    return doc ? toDomain(doc) : null;
  }

  /** Applications a person may see: those they made, and those an intermediary made for them (with their account). */
  async findVisibleTo(subject: string, limit = 50): Promise<Application[]> {
    const docs = await this.applications.find({ $or: [{ 'applicant.subject': subject }, { 'consent.parent.account': subject }] }, { sort: { submittedAt: -1 }, limit });
    return docs.map(toDomain).filter((a) => !a.erasedAt);
  }

  /** Applications this person made, and those of these parents' families (made by the parent, or for them). */
  async findOfApplicantOrFamilies(subject: string, parents: string[], limit = 50): Promise<Application[]> {
    const families = parents.length ? [{ 'applicant.subject': { $in: parents } }, { 'consent.parent.account': { $in: parents } }] : [];
    const docs = await this.applications.find({ $or: [{ 'applicant.subject': subject }, ...families] }, { sort: { submittedAt: -1 }, limit });
    return docs.map(toDomain).filter((a) => !a.erasedAt);
  }

  /** Closed applications whose last change is older than a moment (retention). */
  async closedBefore(cutoff: Date, limit = 500): Promise<Application[]> {
    const docs = await this.applications.find({ status: { $in: ['completed', 'withdrawn'] } }, { limit: limit * 4 });
    return docs
      .map(toDomain)
      .filter((a) => !a.erasedAt && new Date(a.timeline[a.timeline.length - 1]?.at ?? a.submittedAt) < cutoff)
      .slice(0, limit);
  }

  /**
   * Replaces an application's personal data with what remains after erasure (applicant included), with its events.
   * `erase` sees the application as stored and returns what remains of it, or null to leave it (gone, erased already).
   * Returns whether this call erased it.
   */
  async erase(id: string, erase: (application: Application | null) => { erased: Application; events: EventEnvelope[] } | null): Promise<boolean> {
    return this.modify(id, (application) => {
      const outcome = erase(application);
      if (!outcome) return null;
      const { id: _id, version: _version, ...rest } = outcome.erased;
      return { update: { $set: { ...rest, idempotencyKey: `erased:${id}` } }, events: outcome.events };
    });
  }

  /** A record that someone asked for erasure, carrying the event every service acts on. */
  async recordErasureRequest(id: string, record: Record<string, unknown>, events: EventEnvelope[]): Promise<void> {
    await this.relay.insertWithEvents(this.erasures.collection, { _id: id, ...record }, events);
  }

  /**
   * Changes an application by what is stored now: `change` sees it (null when there is none), changes it in place
   * and returns the events the change implies, or null to leave it. The write applies only to the version `change`
   * saw; when another writer came first, the application is read again and `change` asked again (the repository
   * kit's modify), so concurrent changes are all kept. Returns the application as written, or null when nothing was.
   */
  async change(id: string, change: ApplicationChange): Promise<Application | null> {
    // The last decision is the one written: `change` may be asked again after a conflict.
    const last: { written: Application | null } = { written: null };
    await this.modify(id, (application) => {
      last.written = null;
      const events = change(application);
      if (!application || !events) return null;
      last.written = application;
      const { id: _id, version: _version, applicant: _applicant, ...changes } = application;
      return { update: { $set: { ...changes } }, events };
    });
    return last.written ? { ...last.written, version: last.written.version + 1 } : null;
  }

  /** One read-modify-write of an application through the kit, its events in the same update; true if it wrote. */
  private async modify(id: string, decide: (application: Application | null) => { update: Update; events: EventEnvelope[] } | null): Promise<boolean> {
    const last: { events: EventEnvelope[] | null } = { events: null };
    await this.applications.modify(id, (doc) => {
      const decided = decide(doc ? toDomain(doc) : null);
      last.events = decided?.events ?? null;
      return decided ? withOutbox(decided.update, decided.events) : null;
    });
    if (last.events === null) return false;
    if (last.events.length) this.relay.notify(this.model.collection, id);
    return true;
  }
}
