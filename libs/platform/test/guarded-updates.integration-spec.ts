import { MongoClient } from 'mongodb';
import { stack, uniqueId } from '@fund-desk/testing';
import { openDocumentStore, type OpenedDocumentStore } from '../src';

/** Optimistic concurrency on the real local database (FerretDB), over a pool of 20 connections. */
describe('guarded updates against the local database', () => {
  let client: MongoClient;
  let kit: OpenedDocumentStore;
  const db = uniqueId('guarded');

  beforeAll(async () => {
    client = await MongoClient.connect(stack.mongoUrl, { maxPoolSize: 20 });
    kit = await openDocumentStore(client.db(db), stack.redisUrl);
  });

  afterAll(async () => {
    await client.db(db).dropDatabase();
    await kit.close();
    await client.close();
  });

  it('lets exactly one of twenty concurrent writers with the same version win, and loses no accepted write', async () => {
    const guarded = kit.guarded;
    const collection = client.db(db).collection('things');
    await collection.insertOne({ _id: 'a', version: 1, n: 0 } as never);

    let accepted = 0;
    for (let round = 0; round < 3; round++) {
      const version = round + 1;
      const wins = await Promise.all(
        Array.from({ length: 20 }, () => guarded.updateOne(collection, 'a', { version }, { $inc: { version: 1, n: 1 } })),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      accepted += wins.filter(Boolean).length;
    }
    const doc = await collection.findOne({ _id: 'a' } as never);
    expect(doc).toMatchObject({ version: 4, n: accepted });
  });

  it('refuses a stale guard and applies a fresh one, on one document among many', async () => {
    const guarded = kit.guarded;
    const collection = client.db(db).collection('many');
    await collection.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: `d${i}`, status: 'open' })) as never);
    expect(await guarded.updateOne(collection, 'd299', { status: 'closed' }, { $set: { status: 'x' } })).toBe(false);
    expect(await guarded.updateOne(collection, 'd299', { status: 'open' }, { $set: { status: 'closed' } })).toBe(true);
    expect(await collection.findOne({ _id: 'd299' } as never)).toMatchObject({ status: 'closed' });
  });
});
