import type { Collection, Db, Document, Filter, FindOptions, UpdateFilter as DriverUpdate } from 'mongodb';
import { DocumentLocks } from './document-locks';
import { isDuplicateKey } from './duplicates';

export type DatabaseFlavour = 'mongodb' | 'ferretdb';

/** Every stored document is addressed by a string `_id`: writes name their document, so they can be made atomic. */
export interface StoredDocument {
  _id: string;
}

/** A stored document as the driver sees it. */
export type RawDocument = StoredDocument & Document;

/** Conditions a document must still meet for a write to apply ("status is still routed", "version is still 3"). */
export type Guard = Filter<RawDocument>;
export type Query = Filter<RawDocument>;
export type Update = DriverUpdate<RawDocument>;

/** The database cannot keep a pattern the kit offers correct: the service does not start (decisions.md §22). */
export class UnsafeDatabaseError extends Error {}

/** A read-modify-write that kept losing to other writers (optimistic versions on MongoDB): retriable. */
export class WriteConflictError extends Error {
  readonly retriable = true;
}

/**
 * The repository kit (decisions.md §22): every store writes through it, and each write names one document.
 *
 * - MongoDB 7 applies a single-document write atomically, filter included: the kit sends it as it is, over a pool.
 * - FerretDB 1.24 does not (measured on SQLite and PostgreSQL: 30 concurrent `$inc` end at 1–11, 16 winners of one
 *   claim), so every write of a document holds that document's lock (DocumentLocks, in Redis) while FerretDB runs
 *   it. Writers of different documents still run in parallel over the pool and across instances. Without a lock
 *   store the kit refuses to start on FerretDB rather than run unsafely.
 *
 * Unique inserts need no lock anywhere: the unique index refuses the second (11000), measured correct on both.
 */
export class DocumentStore {
  private flavour: DatabaseFlavour = 'mongodb';

  constructor(private readonly locks: DocumentLocks | null) {}

  /** Finds out which database this is and whether the kit can run on it safely. */
  async open(db: Db): Promise<DatabaseFlavour> {
    const info = await db.admin().command({ buildInfo: 1 });
    // FerretDB 1.24 says so in `ferretdbVersion` (there is no `ferretdb` field, which an earlier check relied on).
    this.flavour = info.ferretdbVersion !== undefined ? 'ferretdb' : 'mongodb';
    if (this.flavour === 'ferretdb') {
      if (!this.locks) throw new UnsafeDatabaseError('FerretDB does not apply concurrent updates of one document atomically and no lock store is configured');
      await this.locks.check().catch((error: Error) => {
        throw new UnsafeDatabaseError(`FerretDB needs the document locks in Redis, which do not answer: ${error.message}`);
      });
    }
    return this.flavour;
  }

  get current(): DatabaseFlavour {
    return this.flavour;
  }

  /** The kit's view of one collection (a driver collection, or a mongoose model's `.collection`). */
  collection<T extends StoredDocument>(collection: Collection<T extends Document ? T : never> | Collection<Document>): StoreCollection<T> {
    return new StoreCollection<T>(collection as unknown as Collection<RawDocument>, this);
  }

  /** Runs one write of one document so that no other write of it interleaves. */
  async exclusive<R>(collection: Collection<RawDocument>, id: string, write: () => Promise<R>): Promise<R> {
    if (this.flavour === 'mongodb' || !this.locks) return write();
    return this.locks.withLock(`${databaseOf(collection)}.${collection.collectionName}:${id}`, write);
  }
}

/** The database a collection belongs to: the driver's `dbName`, or a mongoose collection's connection name. */
function databaseOf(collection: Collection<RawDocument>): string {
  const mongooseCollection = collection as unknown as { conn?: { name?: string } };
  return collection.dbName ?? mongooseCollection.conn?.name ?? '';
}

export interface UpdateAndGetOptions {
  guard?: Guard;
  /** The document as it was before the write, or as the write left it (default). */
  returnDocument?: 'before' | 'after';
  upsert?: boolean;
}

/** One collection through the kit: reads as usual, writes one named document at a time, atomically. */
export class StoreCollection<T extends StoredDocument> {
  constructor(
    readonly raw: Collection<RawDocument>,
    private readonly store: DocumentStore,
  ) {}

  findById(id: string): Promise<T | null> {
    return this.raw.findOne({ _id: id }) as unknown as Promise<T | null>;
  }

  findOne(filter: Query, options?: FindOptions): Promise<T | null> {
    return this.raw.findOne(filter, options) as unknown as Promise<T | null>;
  }

  find(filter: Query, options?: FindOptions): Promise<T[]> {
    return this.raw.find(filter, options).toArray() as unknown as Promise<T[]>;
  }

  count(filter: Query = {}): Promise<number> {
    return this.raw.countDocuments(filter);
  }

  /** Inserts the document unless one with its `_id` (or another unique key) exists; true if this call inserted it. */
  async insertOnce(doc: T): Promise<boolean> {
    try {
      await this.raw.insertOne(doc as unknown as RawDocument);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Inserts those of the documents that do not exist yet; returns how many this call inserted. */
  async insertManyOnce(docs: T[]): Promise<number> {
    if (!docs.length) return 0;
    try {
      const result = await this.raw.insertMany(docs as unknown as RawDocument[], { ordered: false });
      return result.insertedCount;
    } catch (error) {
      const bulk = error as { code?: number; insertedCount?: number; writeErrors?: { code: number }[] | { code: number }; result?: { insertedCount?: number } };
      const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : bulk.writeErrors ? [bulk.writeErrors] : [];
      if (writeErrors.length && writeErrors.every((e) => e.code === 11000)) return bulk.insertedCount ?? bulk.result?.insertedCount ?? docs.length - writeErrors.length;
      if (isDuplicateKey(error) && docs.length === 1) return 0;
      throw error;
    }
  }

  /** Applies the update to the document if it exists and meets the guard; true if it did. */
  async update(id: string, update: Update, guard: Guard = {}): Promise<boolean> {
    const result = await this.store.exclusive(this.raw, id, () => this.raw.updateOne({ ...guard, _id: id }, update));
    return result.matchedCount === 1;
  }

  /** Creates the document when it is missing, then applies the update (`$setOnInsert` for first values). */
  async upsert(id: string, update: Update): Promise<void> {
    await this.store.exclusive(this.raw, id, async () => {
      try {
        await this.raw.updateOne({ _id: id }, update, { upsert: true });
      } catch (error) {
        // MongoDB: two upserts of a new _id can both try to insert; the second is applied as an update.
        if (!isDuplicateKey(error)) throw error;
        await this.raw.updateOne({ _id: id }, update);
      }
    });
  }

  /** Applies the update if the guard holds and returns the document (after, or before), or null if nothing matched. */
  async updateAndGet(id: string, update: Update, options: UpdateAndGetOptions = {}): Promise<T | null> {
    return this.store.exclusive(this.raw, id, () =>
      this.raw.findOneAndUpdate({ ...(options.guard ?? {}), _id: id }, update, {
        returnDocument: options.returnDocument ?? 'after',
        upsert: options.upsert ?? false,
      }) as unknown as Promise<T | null>,
    );
  }

  /** Replaces the whole document (all but `_id`), creating it when `upsert` is set and it is missing. */
  async replace(id: string, doc: Omit<T, '_id'>, options: { upsert?: boolean } = {}): Promise<boolean> {
    const { _id: _ignored, ...rest } = doc as Omit<T, '_id'> & { _id?: string };
    return this.store.exclusive(this.raw, id, async () => {
      try {
        const result = await this.raw.replaceOne({ _id: id }, rest, { upsert: options.upsert ?? false });
        return result.matchedCount === 1 || result.upsertedCount === 1;
      } catch (error) {
        if (!options.upsert || !isDuplicateKey(error)) throw error;
        return (await this.raw.replaceOne({ _id: id }, rest)).matchedCount === 1;
      }
    });
  }

  /**
   * Applies the update to every document the filter finds, one document at a time, each write guarded by the same
   * filter (a document changed meanwhile so that it no longer matches is left alone). For bulk changes such as
   * erasure and cancellation; returns how many documents were changed.
   */
  async updateWhere(filter: Query, update: Update): Promise<number> {
    const ids = (await this.raw.find(filter, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id);
    let changed = 0;
    for (const id of ids) if (await this.update(id, update, filter)) changed++;
    return changed;
  }

  /**
   * Deletes every document the filter finds. A delete reads nothing back, so it cannot lose another writer's change
   * on either database; no lock is taken. Returns how many were deleted.
   */
  async deleteWhere(filter: Query): Promise<number> {
    return (await this.raw.deleteMany(filter)).deletedCount;
  }

  /** Deletes the document if it exists and meets the guard; true if this call deleted it. */
  async delete(id: string, guard: Guard = {}): Promise<boolean> {
    const result = await this.store.exclusive(this.raw, id, () => this.raw.deleteOne({ ...guard, _id: id }));
    return result.deletedCount === 1;
  }

  /**
   * A read-modify-write where the change depends on what the document holds and cannot be said as one update:
   * `decide` sees the current document (null when missing) and returns the update, or null to leave it. The write
   * applies only to the version `decide` saw (field `version`, counted up by every write through here); on a
   * conflict the document is read again and `decide` asked again. Returns the document as left, or null.
   */
  async modify(id: string, decide: (current: T | null) => Update | null, attempts = 50): Promise<T | null> {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const outcome = await this.store.exclusive(this.raw, id, async () => {
        const current = await this.findById(id);
        const update = decide(current);
        if (!update) return { done: true, doc: current };
        const version = (current as { version?: number } | null)?.version ?? null;
        const versioned: Update = { ...update, $inc: { ...((update.$inc as Record<string, number>) ?? {}), version: 1 } };
        if (!current) {
          const fresh = { _id: id, ...((update.$setOnInsert as object) ?? {}), ...((update.$set as object) ?? {}), ...((update.$inc as object) ?? {}), version: 1 } as unknown as T;
          return (await this.insertOnce(fresh)) ? { done: true, doc: fresh } : { done: false, doc: null };
        }
        const doc = (await this.raw.findOneAndUpdate({ _id: id, version: version ?? { $exists: false } }, versioned, { returnDocument: 'after' })) as unknown as T | null;
        return { done: doc !== null, doc };
      });
      if (outcome.done) return outcome.doc;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
    throw new WriteConflictError(`Document ${this.raw.collectionName}:${id} kept changing under ${attempts} attempts`);
  }
}
