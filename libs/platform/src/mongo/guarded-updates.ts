import type { Collection, Document } from 'mongodb';
import type { DatabaseFlavour, DocumentStore, Guard, Update } from './document-store';

export type { DatabaseFlavour } from './document-store';

/**
 * "Update this document if these fields still hold" (optimistic concurrency, state transitions): the repository
 * kit's `update(id, update, guard)` for callers that hold a driver collection. Atomic on MongoDB by itself and on
 * FerretDB under the document's lock (DocumentStore), across connections and instances.
 */
export class GuardedUpdates {
  constructor(private readonly store: DocumentStore) {}

  get current(): DatabaseFlavour {
    return this.store.current;
  }

  /** Applies the update when the document exists and every guard field has the given value; false otherwise. */
  async updateOne(collection: Collection<Document>, id: string, guard: Guard, update: Update): Promise<boolean> {
    return this.store.collection(collection).update(id, update, guard);
  }
}
