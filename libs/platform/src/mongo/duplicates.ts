import type { Collection, Document } from 'mongodb';

/** A write refused because a document with the same unique key (`_id` or a unique index) exists: E11000. */
export const isDuplicateKey = (error: unknown): boolean => (error as { code?: number } | null)?.code === 11000;

/**
 * Inserts a document unless one with its `_id` exists; true if inserted. On FerretDB 1.24 an insert costs the same
 * at any collection size, where an upsert reads the collection first.
 */
export async function insertOnce<T extends Document>(collection: Collection<T>, doc: T): Promise<boolean> {
  try {
    await collection.insertOne(doc as never);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
