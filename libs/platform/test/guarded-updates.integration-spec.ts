import { MongoClient } from 'mongodb';
import { stack, uniqueId } from '@fund-desk/testing';
import { GuardedUpdates } from '../src';

/** Optimistic concurrency on the real local database (FerretDB), the way services connect to it (one connection). */
describe('guarded updates against the local database', () => {
  let client: MongoClient;
  const db = uniqueId('guarded');

  beforeAll(async () => {
    client = await MongoClient.connect(stack.mongoUrl, { maxPoolSize: 1 });
  });

  afterAll(async () => {
    await client.db(db).dropDatabase();
    await client.close();
  });

  it('lets exactly one of twenty concurrent writers with the same version win, and loses no accepted write', async () => {
    const info = await client.db('admin').command({ buildInfo: 1 });
    const guarded = new GuardedUpdates();
    guarded.use(info.ferretdb ? 'ferretdb' : 'mongodb');
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
    const guarded = new GuardedUpdates();
    guarded.use(((await client.db('admin').command({ buildInfo: 1 })).ferretdb ? 'ferretdb' : 'mongodb'));
    const collection = client.db(db).collection('many');
    await collection.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: `d${i}`, status: 'open' })) as never);
    expect(await guarded.updateOne(collection, 'd299', { status: 'closed' }, { $set: { status: 'x' } })).toBe(false);
    expect(await guarded.updateOne(collection, 'd299', { status: 'open' }, { $set: { status: 'closed' } })).toBe(true);
    expect(await collection.findOne({ _id: 'd299' } as never)).toMatchObject({ status: 'closed' });
  });
});
