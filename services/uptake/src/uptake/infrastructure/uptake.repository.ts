import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Collection, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { DocumentStore, insertOnce, isDuplicateKey } from '@fund-desk/platform';
import type { ApplicationState, Effect, RequestState } from '../domain/aggregation';
import { PERIOD_KINDS, PeriodKind, Periods } from '../domain/periods';
import { addTrees, Bucket, EligibleEstimate, FundInfo } from '../domain/uptake-report';
import { Kept, ReadWithin } from './kept-in-memory';
import type { BatchDelta } from './batch-filing';
import type { Replayed } from './replay-projection';

/** Where an effect lands: the application's cohort (municipality, area, periods). */
export interface Target {
  municipalityCode: string;
  area: string;
  periods: Periods;
}

/** One increment; counter names hold dots, which may not be document keys (and FerretDB stores no nested arrays). */
export interface Increment {
  field: string;
  n: number;
  kind?: PeriodKind;
}

/** An effect as stored with its event id. */
export interface StoredEffect {
  _id: string;
  target: Target;
  /** For the bucket of every period kind. */
  all: Increment[];
  /** For one period kind (with `kind`). */
  perKind: Increment[];
  markers: string[];
  dropMarkers: string[];
  request?: RequestState;
  application?: ApplicationState;
}

/** A batch's effects as stored before they are applied (one JSON text: FerretDB stores no nested arrays). */
export interface StoredBatch {
  _id: string;
  batch: true;
  payload: string;
}

interface BatchPayload {
  buckets: BucketIncrement[];
  markers: string[];
  dropMarkers: string[];
  applications: { state: ApplicationState; existed: boolean }[];
  requests: { state: RequestState; existed: boolean }[];
  parked: { applicationId: string; events: ParkedEvent[]; existed: boolean }[];
  effectIds: string[];
}

export interface ParkedEvent {
  _id: string;
  applicationId: string;
  seq: number;
  event: string;
}

export interface FeedState {
  _id: 'feed';
  generation: number;
  /** Where a fresh group starts (topic names hold dots, which may not be document keys: a list). */
  origin: { topic: string; partition: number; offset: string }[];
  rebuiltAt?: Date;
  /** Where this generation's live group starts reading when it has committed nothing yet (the ends a rebuild read to). */
  liveFrom?: { topic: string; partition: number; offset: string }[];
  /** Set while a rebuild replays the history into memory; a process that starts and finds it replays again. */
  rebuilding?: { startedAt: Date };
  /** The bucket layout the read models were built in (absent: layout 1, one collection of buckets per area). */
  layout?: number;
}

export const bucketId = (municipalityCode: string, kind: PeriodKind, period: string, area: string) => `${municipalityCode}|${kind}|${period}|${area}`;

/** The whole municipality, in a bucket's `area`. */
export const ALL_AREAS = '*';

/**
 * The shape of the buckets; a service that finds read models of another layout rebuilds them at start. Layout 3:
 * one collection of buckets per municipality, holding a bucket per period of every kind for the whole municipality
 * (area `*`) and a bucket per school year and postcode area; a bucket's counters are one JSON text; an effect is
 * done when its id is in `effects-done` (decisions.md §21).
 */
export const BUCKET_LAYOUT = 4;

/** A bucket as stored: where and when, and its nested counters packed into one text (FerretDB decodes one field, not hundreds). */
export interface StoredBucket {
  _id: string;
  municipalityCode: string;
  kind: PeriodKind;
  period: string;
  area: string;
  counters: string;
  /** Changed by every write: read-modify-write is guarded by it. */
  v: number;
  /** Effects taken and not yet known to be done: a re-run of one of them adds nothing. */
  /**
   * A list, not a map of `true`: FerretDB 1.24 takes `$set` of `{a: true}` over `{b: true}` as no change (it
   * compares sub-documents by their values alone), so a map kept its first mark. Maps in older buckets are read too.
   */
  applied?: string[] | Record<string, true>;
}

const unpack = ({ counters, v: _v, applied: _a, ...meta }: StoredBucket): Bucket => ({ ...JSON.parse(counters), ...meta });

/** A bucket's marks as a list (older buckets hold a map). */
const marks = (applied: StoredBucket['applied']): string[] => (Array.isArray(applied) ? applied : Object.keys(applied ?? {}));

/** A municipality's bucket collection: answers read only their own municipality's few hundred documents. */
export const bucketCollection = (municipalityCode: string) => `buckets_${municipalityCode.replace(/[^A-Za-z0-9]/g, '_')}`;

export type BucketMeta = Pick<Bucket, 'municipalityCode' | 'kind' | 'period' | 'area'>;

export interface BucketIncrement {
  id: string;
  meta: BucketMeta;
  inc: Record<string, number>;
}

/** An effect's increments as stored (lists: counter names hold dots, which may not be document keys). */
export function storedIncrements(effect: Pick<Effect, 'all' | 'perKind'>): Pick<StoredEffect, 'all' | 'perKind'> {
  return {
    all: Object.entries(effect.all).map(([field, n]) => ({ field, n })),
    perKind: Object.entries(effect.perKind).flatMap(([kind, counters]) => Object.entries(counters!).map(([field, n]) => ({ kind: kind as PeriodKind, field, n }))),
  };
}

/**
 * The buckets one effect adds to: for every period kind with something to add, the municipality's bucket of that
 * period, and for the school year also the bucket of the application's postcode area (the neighbourhood table).
 */
export function bucketIncrements(target: Target, effect: Pick<StoredEffect, 'all' | 'perKind'>): BucketIncrement[] {
  const out: BucketIncrement[] = [];
  for (const kind of PERIOD_KINDS) {
    const inc: Record<string, number> = {};
    for (const { field, n } of effect.all) inc[field] = (inc[field] ?? 0) + n;
    for (const { kind: k, field, n } of effect.perKind) if (k === kind) inc[field] = (inc[field] ?? 0) + n;
    if (!Object.keys(inc).length) continue;
    const period = target.periods[kind];
    const areas = kind === 'school-year' ? [ALL_AREAS, target.area] : [ALL_AREAS];
    for (const area of areas) out.push({ id: bucketId(target.municipalityCode, kind, period, area), meta: { municipalityCode: target.municipalityCode, kind, period, area }, inc });
  }
  return out;
}

/** The read models that a rebuild drops and replays (and every `buckets_<municipality>`); estimates and the feed state stay. */
const READ_MODELS = ['buckets', 'markers', 'applications', 'requests', 'effects', 'parked', 'parked-by-application', 'fund-catalogue', 'effects-done'] as const;

/** Uptake's database: buckets (the pre-aggregated figures) and the little state needed to file events into them. */
@Injectable()
export class UptakeRepository {
  /** Effects this process saw done: their marks in buckets are dropped at the bucket's next write. */
  private readonly done = new Set<string>();
  /**
   * What this process last read or wrote of markers, application and request state and buckets. Only uptake's feed writes
   * them, one event at a time, in one instance (decisions.md §20), so what is kept here stays true until the
   * read models are dropped; it saves the look-ups FerretDB pays for by reading a collection.
   */
  private readonly cached = { marker: new Kept<boolean>(200_000), application: new Kept<ApplicationState | null>(50_000), request: new Kept<RequestState | null>(100_000), bucket: new Kept<StoredBucket | null>(20_000) };
  /** Estimates per municipality and the fund catalogue: they change only through this process; a minute at most. */
  private readonly estimatesRead = new ReadWithin<EligibleEstimate[]>(60_000);
  private readonly fundsRead = new ReadWithin<FundInfo[]>(60_000);

  constructor(
    @Inject(getConnectionToken()) private readonly connection: Connection,
    @Inject(DocumentStore) private readonly store: DocumentStore,
  ) {}

  private col<T extends Document>(name: string): Collection<T> {
    return this.connection.collection<T>(name) as unknown as Collection<T>;
  }

  bucketsOfMunicipality(municipalityCode: string) {
    return this.col<StoredBucket>(bucketCollection(municipalityCode));
  }
  private get markers() {
    return this.col<{ _id: string }>('markers');
  }
  private get applications() {
    return this.col<ApplicationState>('applications');
  }
  private get requests() {
    return this.col<RequestState>('requests');
  }
  private get effects() {
    return this.col<StoredEffect>('effects');
  }
  private get batches() {
    return this.col<StoredBatch>('effects');
  }
  /** Parked events, one document per application (looked up by `_id`: the only look-up FerretDB does in SQLite). */
  /** Ids of effects applied completely (the effect itself is deleted then: see applyEffect). */
  private get effectsDone() {
    return this.col<{ _id: string }>('effects-done');
  }
  private get parked() {
    return this.col<{ _id: string; events: string }>('parked-by-application');
  }
  private get estimates() {
    return this.col<EligibleEstimate & { _id: string }>('eligible-children');
  }
  private get fundCatalogue() {
    return this.col<Omit<FundInfo, 'fundId'> & { _id: string; version: number }>('fund-catalogue');
  }
  private get feed() {
    return this.col<FeedState>('feed-state');
  }

  async ensureIndexes(): Promise<void> {
    await this.estimates.createIndex({ municipalityCode: 1, schoolYear: 1 });
  }

  findApplication(id: string): Promise<ApplicationState | null> {
    return this.cached.application.get(id, () => this.applications.findOne({ _id: id }));
  }
  findRequest(id: string): Promise<RequestState | null> {
    return this.cached.request.get(id, () => this.requests.findOne({ _id: id }));
  }
  /** Whether an event's effect was applied completely. */
  async isEffectDone(id: string): Promise<boolean> {
    return !!(await this.effectsDone.findOne({ _id: id }));
  }
  /** The stored effect of an event still under way (a done effect is deleted). */
  findEffect(id: string): Promise<StoredEffect | null> {
    return this.effects.findOne({ _id: id });
  }
  // Look-ups by `_id` one at a time: FerretDB 1.24 reads a whole collection for `_id: {$in}` (measured: 12 ids
  // in 317 ms at 20,000 markers, against 23 ms for twelve single look-ups, which do not grow with the collection).
  async existingMarkers(ids: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const id of ids) if (await this.cached.marker.get(id, async () => !!(await this.markers.findOne({ _id: id }, { projection: { _id: 1 } })))) found.add(id);
    return found;
  }

  /** Step 1: the effect is stored under the event id before anything changes, so a crash half-way is finished by the redelivery. */
  async storeEffect(effect: StoredEffect): Promise<void> {
    await insertOnce(this.effects, effect);
  }

  /**
   * Step 2: each bucket takes the increments once: a bucket carries the ids of effects it has taken until the effect
   * is known to be done (dropped at the bucket's next write). Then markers and state, absolute writes safe to repeat.
   */
  async applyEffect(effect: StoredEffect): Promise<void> {
    const key = effect._id.replace(/[.$]/g, '_');
    for (const bucket of bucketIncrements(effect.target, effect)) await this.addToBucket(bucket, key);
    // Inserts where they will do: on FerretDB an insert costs the same at any size, an upsert or a replace reads the collection.
    for (const marker of effect.markers) {
      await insertOnce(this.markers, { _id: marker });
      this.cached.marker.set(marker, true);
    }
    if (effect.dropMarkers.length) {
      await this.markers.deleteMany({ _id: { $in: effect.dropMarkers } });
      for (const marker of effect.dropMarkers) this.cached.marker.set(marker, false);
    }
    if (effect.request) {
      if (!(await insertOnce(this.requests, effect.request))) await this.store.collection<RequestState>(this.requests).replace(effect.request._id, effect.request);
      this.cached.request.set(effect.request._id, effect.request);
    }
    if (effect.application) {
      if (!(await insertOnce(this.applications, effect.application))) await this.store.collection<ApplicationState>(this.applications).replace(effect.application._id, effect.application);
      this.cached.application.set(effect.application._id, effect.application);
    }
    await insertOnce(this.effectsDone, { _id: effect._id });
    // Done is recorded by its id alone; the effect itself goes, so `effects` holds only effects under way and a look-up
    // for a new event (a miss, which reads the whole collection on FerretDB) stays cheap.
    await this.effects.deleteOne({ _id: effect._id });
    this.done.add(key);
    if (this.done.size > 100_000) this.done.delete(this.done.values().next().value!);
  }

  /**
   * The live feed's unit of work: a batch's effects stored under a new id, then applied as applyEffect applies one
   * (each bucket takes them once, marked with that id; markers, state and parked events are absolute writes), then
   * the ids of the batch's events recorded as done and the stored batch deleted. A crash half-way is finished by
   * `finishPending` before anything else is filed.
   */
  async commitBatch(delta: BatchDelta): Promise<string> {
    const payload: BatchPayload = {
      buckets: [...delta.buckets].map(([id, { meta, inc }]) => ({ id, meta, inc })),
      markers: [...delta.markers],
      dropMarkers: [...delta.dropMarkers],
      applications: [...delta.applications.values()],
      requests: [...delta.requests.values()],
      parked: [...delta.parked].filter(([, p]) => p.existed || p.events.length).map(([applicationId, p]) => ({ applicationId, ...p })),
      effectIds: delta.effectIds,
    };
    const id = `batch-${randomUUID()}`;
    await insertOnce<StoredBatch>(this.batches, { _id: id, batch: true as const, payload: JSON.stringify(payload) });
    await this.applyBatch(id, payload);
    return id;
  }

  /** Finishes whatever was stored and not yet applied (a batch or a single effect): called before the feed files anything. */
  async finishPending(): Promise<number> {
    const pending = (await this.effects.find({}).toArray()) as (StoredEffect | StoredBatch)[];
    for (const doc of pending) {
      // Recorded as done last: a batch stopped only before its deletion.
      if ('batch' in doc && (await this.isEffectDone(doc._id))) await this.effects.deleteOne({ _id: doc._id });
      else if ('batch' in doc) await this.applyBatch(doc._id, JSON.parse(doc.payload) as BatchPayload);
      else await this.applyEffect(doc);
    }
    return pending.length;
  }

  private async applyBatch(id: string, batch: BatchPayload): Promise<void> {
    for (const bucket of batch.buckets) await this.addToBucket(bucket, id);
    const markers = this.store.collection<{ _id: string }>(this.markers);
    for (let i = 0; i < batch.markers.length; i += 1000) await markers.insertManyOnce(batch.markers.slice(i, i + 1000).map((_id) => ({ _id })));
    for (const marker of batch.markers) this.cached.marker.set(marker, true);
    if (batch.dropMarkers.length) {
      await this.markers.deleteMany({ _id: { $in: batch.dropMarkers } });
      for (const marker of batch.dropMarkers) this.cached.marker.set(marker, false);
    }
    for (const { state, existed } of batch.requests) {
      if (existed || !(await insertOnce(this.requests, state))) await this.store.collection<RequestState>(this.requests).replace(state._id, state, { upsert: true });
      this.cached.request.set(state._id, state);
    }
    for (const { state, existed } of batch.applications) {
      if (existed || !(await insertOnce(this.applications, state))) await this.store.collection<ApplicationState>(this.applications).replace(state._id, state, { upsert: true });
      this.cached.application.set(state._id, state);
    }
    for (const { applicationId, events, existed } of batch.parked) {
      if (!events.length) await this.parked.deleteOne({ _id: applicationId });
      else if (existed || !(await insertOnce(this.parked, { _id: applicationId, events: JSON.stringify(events) })))
        await this.store.collection<{ _id: string; events: string }>(this.parked).replace(applicationId, { events: JSON.stringify(events) }, { upsert: true });
    }
    const done = [...batch.effectIds, id];
    const effectsDone = this.store.collection<{ _id: string }>(this.effectsDone);
    for (let i = 0; i < done.length; i += 1000) await effectsDone.insertManyOnce(done.slice(i, i + 1000).map((_id) => ({ _id })));
    await this.effects.deleteOne({ _id: id });
    this.done.add(id);
    if (this.done.size > 100_000) this.done.delete(this.done.values().next().value!);
  }

  /** Read-modify-write of one bucket, guarded by its version; `key` marks the effect (null: a bulk load, unmarked). */
  private async addToBucket({ id, meta, inc }: BucketIncrement, key: string | null): Promise<void> {
    const buckets = this.bucketsOfMunicipality(meta.municipalityCode);
    for (let attempt = 0; attempt < 20; attempt++) {
      const doc = await this.cached.bucket.get(id, () => buckets.findOne({ _id: id }));
      if (key && marks(doc?.applied).includes(key)) return;
      const counters = JSON.stringify(addTrees(doc ? JSON.parse(doc.counters) : {}, nest(inc)));
      const applied = [...(await this.stillApplying(marks(doc?.applied))), ...(key ? [key] : [])];
      if (!doc) {
        const created = { _id: id, ...meta, counters, v: 1, applied };
        if (await insertOnce(buckets, created)) return this.cached.bucket.set(id, created);
        this.cached.bucket.forget(id);
        continue;
      }
      const written = await this.store.collection<StoredBucket>(buckets).update(id, { $set: { counters, v: doc.v + 1, applied } }, { v: doc.v });
      if (written) return this.cached.bucket.set(id, { ...doc, counters, v: doc.v + 1, applied });
      this.cached.bucket.forget(id);
    }
    throw new Error(`Bucket ${id} kept changing under uptake; try again`);
  }

  /** The marks of effects not known to be done (after a restart: looked up). */
  private async stillApplying(applied: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const key of applied) {
      if (this.done.has(key)) continue;
      if (!(await this.isEffectDone(key)) && (await this.findEffect(key))) out.push(key);
      else this.done.add(key);
    }
    return out;
  }

  /** Bulk load (benchmark, tooling): adds counters to many buckets at once, without per-event bookkeeping. */
  async addToBuckets(buckets: Map<string, { meta: BucketMeta; inc: Record<string, number> }>, batchSize = 1000): Promise<void> {
    // New buckets are inserted in batches; a bucket that exists already takes a read-modify-write.
    const entries = [...buckets];
    for (let i = 0; i < entries.length; i += batchSize) {
      const batch = entries.slice(i, i + batchSize);
      const existing = new Set<number>();
      const perMunicipality = new Map<string, number[]>();
      batch.forEach(([, { meta }], index) => perMunicipality.set(meta.municipalityCode, [...(perMunicipality.get(meta.municipalityCode) ?? []), index]));
      for (const [code, indexes] of perMunicipality) {
        try {
          await this.bucketsOfMunicipality(code).insertMany(
            indexes.map((index) => {
              const [id, { meta, inc }] = batch[index];
              return { _id: id, ...meta, counters: JSON.stringify(nest(inc)), v: 1 };
            }),
            { ordered: false },
          );
        } catch (error) {
          const errors = (error as { writeErrors?: { code?: number; index?: number; err?: { code?: number; index?: number } }[] }).writeErrors;
          const list = Array.isArray(errors) ? errors : errors ? [errors] : [];
          if (!list.length || list.some((e) => !isDuplicateKey(e) && !isDuplicateKey(e.err))) throw error;
          for (const e of list) existing.add(indexes[(e.index ?? e.err?.index)!]);
        }
      }
      for (const index of existing) {
        const [id, { meta, inc }] = batch[index];
        await this.addToBucket({ id, meta, inc }, null);
      }
    }
  }

  /**
   * A replay's read models into the emptied collections: inserts of up to `batchSize` documents (buckets, markers,
   * state, parked events, the fund catalogue and the ids of the effects done, so an event read again after the
   * replay adds nothing). `progress` hears the documents written so far.
   */
  async writeReplayed(replayed: Replayed, progress: (written: number, total: number) => void = () => undefined, batchSize = 1000): Promise<void> {
    for (const kept of Object.values(this.cached)) kept.clear();
    this.done.clear();
    const perMunicipality = new Map<string, StoredBucket[]>();
    for (const [id, { meta, counters }] of replayed.buckets) {
      const list = perMunicipality.get(meta.municipalityCode) ?? [];
      list.push({ _id: id, ...meta, counters: JSON.stringify(counters), v: 1 });
      perMunicipality.set(meta.municipalityCode, list);
    }
    const writes: [Collection<Document>, Document[]][] = [
      ...[...perMunicipality].map(([code, docs]): [Collection<Document>, Document[]] => [this.bucketsOfMunicipality(code) as unknown as Collection<Document>, docs]),
      [this.markers as unknown as Collection<Document>, [...replayed.markers].map((_id) => ({ _id }))],
      [this.applications as unknown as Collection<Document>, [...replayed.applications.values()]],
      [this.requests as unknown as Collection<Document>, [...replayed.requests.values()]],
      [this.parked as unknown as Collection<Document>, [...replayed.parked].map(([_id, events]) => ({ _id, events: JSON.stringify(events) }))],
      [this.fundCatalogue as unknown as Collection<Document>, [...replayed.funds.values()].map(({ fundId, ...rest }) => ({ _id: fundId, ...rest }))],
      [this.effectsDone as unknown as Collection<Document>, [...replayed.effectsDone].map((_id) => ({ _id }))],
    ];
    const total = writes.reduce((n, [, docs]) => n + docs.length, 0);
    let written = 0;
    for (const [collection, docs] of writes) {
      for (let i = 0; i < docs.length; i += batchSize) {
        const batch = docs.slice(i, i + batchSize);
        await this.store.collection<Document & { _id: string }>(collection).insertManyOnce(batch as (Document & { _id: string })[]);
        written += batch.length;
        progress(written, total);
      }
    }
    this.fundsRead.forgetAll();
  }

  async park(event: ParkedEvent): Promise<void> {
    const list = await this.parkedFor(event.applicationId);
    if (list.some((p) => p._id === event._id)) return;
    await this.saveParked(event.applicationId, [...list, event], list.length > 0);
  }
  /** The events parked for an application, in the order they came. */
  async parkedFor(applicationId: string): Promise<ParkedEvent[]> {
    const doc = await this.parked.findOne({ _id: applicationId });
    return doc ? (JSON.parse(doc.events) as ParkedEvent[]).sort((a, b) => a.seq - b.seq) : [];
  }
  async unpark(applicationId: string, id: string): Promise<void> {
    const list = await this.parkedFor(applicationId);
    if (list.some((p) => p._id === id)) await this.saveParked(applicationId, list.filter((p) => p._id !== id), true);
  }
  // Uptake files one event at a time in one process, so this read-modify-write cannot interleave.
  private async saveParked(applicationId: string, events: ParkedEvent[], exists: boolean): Promise<void> {
    if (!events.length) await this.parked.deleteOne({ _id: applicationId });
    else if (exists) await this.store.collection<{ _id: string; events: string }>(this.parked).replace(applicationId, { events: JSON.stringify(events) });
    else await this.parked.insertOne({ _id: applicationId, events: JSON.stringify(events) });
  }

  /**
   * The buckets an answer needs, in one pass over the municipality's collection: the whole municipality in `periods`
   * of `kind`, and every postcode area in `schoolYear`.
   */
  async bucketsFor(municipalityCode: string, kind: PeriodKind, periods: string[], schoolYear: string): Promise<{ municipal: Bucket[]; areas: Bucket[] }> {
    const docs = await this.bucketsOfMunicipality(municipalityCode)
      .find({ $or: [{ kind, period: { $in: periods }, area: ALL_AREAS }, { kind: 'school-year', period: schoolYear, area: { $ne: ALL_AREAS } }] }, { projection: { applied: 0 } })
      .toArray();
    const buckets = docs.map(unpack);
    return { municipal: buckets.filter((b) => b.area === ALL_AREAS), areas: buckets.filter((b) => b.area !== ALL_AREAS) };
  }

  /**
   * A municipality's estimates and targets. They change only through this service (set by officers, seeded), so
   * they are kept in memory after the first read, changed by `putEstimate` and read again after a minute at most
   * (uptake runs as one instance; the minute bounds what another instance could have changed).
   */
  estimatesOf(municipalityCode: string): Promise<EligibleEstimate[]> {
    return this.estimatesRead.get(municipalityCode, () => this.estimates.find({ municipalityCode }, { projection: { _id: 0 } }).toArray() as Promise<EligibleEstimate[]>);
  }
  async putEstimate(estimate: EligibleEstimate, onlyIfMissing = false): Promise<void> {
    const _id = `${estimate.municipalityCode}|${estimate.schoolYear}|${estimate.area}`;
    await this.estimatesRead.change(estimate.municipalityCode, () =>
      this.store.collection<EligibleEstimate & { _id: string }>(this.estimates).upsert(_id, onlyIfMissing ? { $setOnInsert: estimate } : { $set: estimate }),
    );
  }

  /** Keeps a fund's catalogue entry if it is newer than the one kept (events may come twice). */
  async saveFund(fund: FundInfo & { version: number }): Promise<void> {
    const { fundId, ...rest } = fund;
    const kept = await this.fundCatalogue.findOne({ _id: fundId });
    if (kept && kept.version >= fund.version) return;
    await this.fundsRead.change(ALL_FUNDS, () => this.store.collection<{ _id: string } & typeof rest>(this.fundCatalogue).replace(fundId, rest, { upsert: true }));
  }
  /** Every fund's catalogue entry; kept in memory between changes (this process files them), a minute at most. */
  funds(): Promise<FundInfo[]> {
    return this.fundsRead.get(ALL_FUNDS, async () => (await this.fundCatalogue.find({}).toArray()).map(({ _id, version: _v, ...rest }) => ({ fundId: _id, ...rest })));
  }

  async feedState(): Promise<FeedState | null> {
    return this.feed.findOne({ _id: 'feed' });
  }
  async saveFeedState(state: FeedState): Promise<void> {
    await this.store.collection<FeedState & { _id: string }>(this.feed).replace('feed', state, { upsert: true });
  }

  /**
   * Drops every read model (the rebuild replays them from the topics); estimates and the feed state stay. The
   * collections are dropped, not emptied: FerretDB 1.24 on SQLite cannot delete more than 32,766 documents in one
   * `deleteMany` (too many SQL variables), and a dropped table goes at once. The indexes are made again.
   */
  async dropReadModels(): Promise<void> {
    for (const kept of Object.values(this.cached)) kept.clear();
    const perMunicipality = (await this.connection.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((name) => name.startsWith('buckets_'));
    for (const name of [...READ_MODELS, ...perMunicipality]) {
      await this.col(name)
        .drop()
        .catch((error: { code?: number; codeName?: string }) => {
          if (error?.code !== 26 && error?.codeName !== 'NamespaceNotFound') throw error;
        });
    }
    this.fundsRead.forgetAll();
    await this.ensureIndexes();
  }
}

const ALL_FUNDS = '*';

/** Dotted counter names as nested fields. */
export function nest(inc: Record<string, number>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, n] of Object.entries(inc)) {
    const parts = path.split('.');
    let at = out;
    for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    const last = parts[parts.length - 1];
    at[last] = ((at[last] as number | undefined) ?? 0) + n;
  }
  return out;
}
