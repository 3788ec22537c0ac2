import { MongoClient } from 'mongodb';
import { stack, uniqueId } from '@fund-desk/testing';
import { DocumentStore, openDocumentStore, UnsafeDatabaseError, type OpenedDocumentStore, type StoreCollection } from '../src';

/**
 * The repository kit against the real local database, the way services will use it: two "instances" (each its own
 * pool of 30 connections and its own lock connection to Redis) firing conflicting writes at the same documents at
 * once. Every result must be exact.
 */
describe('repository kit under concurrent conflicting writes', () => {
  const db = uniqueId('kit');
  const prefix = `${uniqueId('kit-locks')}:`;
  const clients: MongoClient[] = [];
  const opened: OpenedDocumentStore[] = [];
  let a: OpenedDocumentStore;
  let b: OpenedDocumentStore;

  interface Thing {
    _id: string;
    n?: number;
    owner?: string | null;
    items?: number[];
    version?: number;
    seen?: number[];
  }

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const client = await MongoClient.connect(stack.mongoUrl, { maxPoolSize: 30 });
      clients.push(client);
      opened.push(await openDocumentStore(client.db(db), stack.redisUrl, prefix));
    }
    [a, b] = opened;
  });

  afterAll(async () => {
    await clients[0]?.db(db).dropDatabase();
    await Promise.all(opened.map((o) => o.close()));
    await Promise.all(clients.map((c) => c.close()));
  });

  /** The same collection seen through both instances. */
  const both = (name: string): [StoreCollection<Thing>, StoreCollection<Thing>] => [
    a.store.collection<Thing>(clients[0].db(db).collection(name)),
    b.store.collection<Thing>(clients[1].db(db).collection(name)),
  ];
  /** `count` writers, alternating between the two instances, all released at once. */
  const fire = <R>(count: number, write: (c: StoreCollection<Thing>, i: number) => Promise<R>) => {
    const [x, y] = both(current);
    return Promise.all(Array.from({ length: count }, (_, i) => write(i % 2 ? y : x, i)));
  };
  let current = '';
  const use = (name: string) => {
    current = name;
    return both(name)[0];
  };

  it('counts 60 concurrent $inc of one document exactly', async () => {
    const things = use('counters');
    await things.insertOnce({ _id: 'c', n: 0 });
    await fire(60, (c) => c.update('c', { $inc: { n: 1 } }));
    expect((await things.findById('c'))?.n).toBe(60);
  });

  it('gives a claim to exactly one of 30 at once', async () => {
    const things = use('claims');
    await things.insertOnce({ _id: 'r', owner: null });
    const got = await fire(30, (c, i) => c.updateAndGet('r', { $set: { owner: `w${i}` } }, { guard: { owner: null } }));
    const winners = got.filter((doc) => doc !== null);
    expect(winners).toHaveLength(1);
    expect((await things.findById('r'))?.owner).toBe(winners[0]!.owner);
  });

  it('keeps a guarded $push within its limit: 30 try, exactly 10 get in', async () => {
    const things = use('lists');
    await things.insertOnce({ _id: 'l', items: [] });
    const pushed = await fire(30, (c, i) => c.update('l', { $push: { items: i } }, { 'items.9': { $exists: false } }));
    expect(pushed.filter(Boolean)).toHaveLength(10);
    const items = (await things.findById('l'))?.items ?? [];
    expect(items).toHaveLength(10);
    expect(new Set(items).size).toBe(10);
  });

  it('lets exactly one of 30 writers with the same version win, three rounds running', async () => {
    const things = use('versions');
    await things.insertOnce({ _id: 'v', version: 0, n: 0 });
    for (let version = 0; version < 3; version++) {
      const wins = await fire(30, (c) => c.update('v', { $inc: { version: 1, n: 1 } }, { version }));
      expect(wins.filter(Boolean)).toHaveLength(1);
    }
    expect(await things.findById('v')).toMatchObject({ version: 3, n: 3 });
  });

  it('applies 40 concurrent read-modify-writes (modify) without losing one', async () => {
    const things = use('modified');
    await fire(40, (c, i) => c.modify('m', (doc) => ({ $set: { seen: [...(doc?.seen ?? []), i] } })));
    const doc = await things.findById('m');
    expect([...(doc?.seen ?? [])].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(doc?.version).toBe(40);
  });

  it('inserts one document for 30 inserts of one key, and creates and counts 30 upserts of a new one exactly', async () => {
    const things = use('inserts');
    const inserted = await fire(30, (c, i) => c.insertOnce({ _id: 'k', n: i }));
    expect(inserted.filter(Boolean)).toHaveLength(1);
    await fire(30, (c) => c.upsert('u', { $inc: { n: 1 } }));
    expect((await things.findById('u'))?.n).toBe(30);
    expect(await things.insertManyOnce([{ _id: 'k' }, { _id: 'x1' }, { _id: 'x2' }])).toBe(2);
    expect(await things.count()).toBe(4);
  });

  it('deletes a document once for 30 deletes, and never deletes one whose guard no longer holds', async () => {
    const things = use('deletes');
    await things.insertOnce({ _id: 'd', owner: 'me' });
    await things.insertOnce({ _id: 'e', owner: 'someone-else' });
    const deleted = await fire(30, (c) => c.delete('d', { owner: 'me' }));
    expect(deleted.filter(Boolean)).toHaveLength(1);
    expect(await things.delete('e', { owner: 'me' })).toBe(false);
    expect(await things.findById('e')).not.toBeNull();
  });

  it('refuses to start on FerretDB without a lock store, and starts on MongoDB', async () => {
    const info = await clients[0].db('admin').command({ buildInfo: 1 });
    const open = new DocumentStore(null).open(clients[0].db(db));
    if (info.ferretdbVersion !== undefined) await expect(open).rejects.toBeInstanceOf(UnsafeDatabaseError);
    else await expect(open).resolves.toBe('mongodb');
  });
});
