import type { Collection, Document, UpdateFilter } from 'mongodb';

export type DatabaseFlavour = 'mongodb' | 'ferretdb';

type Guard = Record<string, string | number | boolean | null>;

/**
 * "Update this document if these fields still hold" (optimistic concurrency, state transitions).
 *
 * On MongoDB that is one conditional `updateOne({ _id, ...guard })`, atomic per document.
 * FerretDB 1.24 (SQLite) pushes a filter down to its index only when it is exactly `{ _id }`; any other
 * filter reads the whole collection, and a miss costs a full scan (measured: 0.2 s at 1,000 documents).
 * There the guard is checked in code under a per-document lock and written with an `{ _id }` filter. That
 * is atomic because each process talks to FerretDB over one connection (decisions.md §9) and every guarded
 * update of a document in the process goes through the lock; several processes against one FerretDB are
 * not supported.
 */
export class GuardedUpdates {
  private flavour: DatabaseFlavour = 'mongodb';
  private readonly locks = new Map<string, Promise<unknown>>();

  use(flavour: DatabaseFlavour): void {
    this.flavour = flavour;
  }

  get current(): DatabaseFlavour {
    return this.flavour;
  }

  /** Applies the update when the document exists and every guard field has the given value; false otherwise. */
  async updateOne(collection: Collection<Document>, id: string, guard: Guard, update: UpdateFilter<Document>): Promise<boolean> {
    if (this.flavour === 'mongodb') {
      const result = await collection.updateOne({ _id: id, ...guard } as Document, update);
      return result.matchedCount === 1;
    }
    return this.exclusive(`${collection.collectionName}:${id}`, async () => {
      const doc = await collection.findOne({ _id: id } as Document);
      if (!doc || Object.entries(guard).some(([field, value]) => (doc[field] ?? null) !== value)) return false;
      await collection.updateOne({ _id: id } as Document, update);
      return true;
    });
  }

  private async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.locks.set(key, settled);
    try {
      return await next;
    } finally {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    }
  }
}
