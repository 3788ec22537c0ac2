import { GuardedUpdates } from './guarded-updates';

/** The FerretDB path against a tiny in-memory collection that serves only what the path uses. */
function memoryCollection() {
  const docs = new Map<string, Record<string, unknown>>();
  return {
    docs,
    collectionName: 'things',
    async findOne(filter: { _id: string }) {
      await new Promise((resolve) => setImmediate(resolve));
      const doc = docs.get(filter._id);
      return doc ? { ...doc } : null;
    },
    async updateOne(filter: { _id: string }, update: { $set: Record<string, unknown>; $inc?: Record<string, number> }) {
      await new Promise((resolve) => setImmediate(resolve));
      const doc = docs.get(filter._id)!;
      Object.assign(doc, update.$set);
      for (const [k, v] of Object.entries(update.$inc ?? {})) doc[k] = (doc[k] as number) + v;
      return { matchedCount: 1 };
    },
  };
}

describe('guarded updates on FerretDB', () => {
  it('lets exactly one of many concurrent writers win a version check', async () => {
    const collection = memoryCollection();
    collection.docs.set('a', { _id: 'a', version: 1, log: [] as number[] });
    const guarded = new GuardedUpdates();
    guarded.use('ferretdb');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        guarded.updateOne(collection as never, 'a', { version: 1 }, { $set: { writer: i }, $inc: { version: 1 } }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(collection.docs.get('a')!.version).toBe(2);
  });

  it('refuses a missing document or a guard that no longer holds, and treats a missing field as null', async () => {
    const collection = memoryCollection();
    collection.docs.set('b', { _id: 'b', status: 'needs-evidence' });
    const guarded = new GuardedUpdates();
    guarded.use('ferretdb');
    expect(await guarded.updateOne(collection as never, 'nope', { status: 'x' }, { $set: { a: 1 } })).toBe(false);
    expect(await guarded.updateOne(collection as never, 'b', { status: 'completed' }, { $set: { a: 1 } })).toBe(false);
    expect(await guarded.updateOne(collection as never, 'b', { lease: null }, { $set: { a: 1 } })).toBe(true);
    expect(collection.docs.get('b')!.a).toBe(1);
  });
});
