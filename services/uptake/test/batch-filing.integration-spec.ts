import mongoose, { Connection } from 'mongoose';
import { createEvent, EventEnvelope, fundRequestDecidedV1, fundRequestRoutedV1 } from '@fund-desk/contracts';
import { openDocumentStore, type OpenedDocumentStore } from '@fund-desk/platform';
import { stack, submittedEvent, uniqueId } from '@fund-desk/testing';
import { periodsOf } from '../src/uptake/domain/periods';
import { BatchFiling } from '../src/uptake/infrastructure/batch-filing';
import { ALL_AREAS, bucketCollection, bucketId, UptakeRepository } from '../src/uptake/infrastructure/uptake.repository';
import { RecordEventUseCase } from '../src/uptake/use-cases/record-event/record-event.use-case';

/**
 * The live feed files a batch into memory and writes it at once. On the real database: the figures are those of
 * the events one by one, a stored batch finished twice (a crash after its buckets, before it was deleted) counts
 * once, and the batch's events read again afterwards add nothing.
 */
const submittedAt = '2025-10-06T10:00:00.000Z';
const month = periodsOf(new Date(submittedAt)).month;
const code = 'GM9600';

let connection: Connection;
let kit: OpenedDocumentStore;
beforeAll(async () => {
  connection = await mongoose.createConnection(stack.mongoUrl, { dbName: uniqueId('uptake-batch') }).asPromise();
  kit = await openDocumentStore(connection.db!, stack.redisUrl);
});
afterAll(async () => {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
  await kit.close();
});

function lifecycle(i: number): EventEnvelope[] {
  const applicationId = uniqueId(`app-${i}`);
  const submitted = submittedEvent({ email: 'ouder@example.nl', applicationId });
  const p = submitted.payload as { municipalityCode: string; submittedAt: string; children: { key?: string }[]; items: { itemId: string }[] };
  p.municipalityCode = code;
  p.submittedAt = submittedAt;
  p.children[0].key = `child-key-${i % 4}`; // four children over eight applications
  const ref = { requestId: p.items[0].itemId, applicationId, itemId: p.items[0].itemId, childRef: 'c1', category: 'school-trip' as const };
  const meta = { correlationId: applicationId, causationId: null, producer: 'test' };
  return [
    createEvent(fundRequestRoutedV1, { ...meta, payload: { ...ref, amountCents: 4500, fundId: 'fund-b', fundName: 'B', catalogueVersion: 1, endorsementRequired: false, explanation: [] } }),
    submitted,
    createEvent(fundRequestDecidedV1, { ...meta, payload: { ...ref, fundId: 'fund-b', fundName: 'B', decision: 'approved', amountCents: 4500, rerouted: false } }),
  ];
}

it('writes a batch once, finishes a stored batch once however often, and skips its events read again', async () => {
  const repository = new UptakeRepository(connection, kit.store);
  const recorder = new RecordEventUseCase(repository, { UPTAKE_KEY_SECRET: 'batch-spec-secret-of-at-least-32-chars' } as never);
  const events = Array.from({ length: 8 }, (_, i) => lifecycle(i)).flat();
  const month$ = async () => {
    const doc = await connection.collection<{ _id: string; counters: string }>(bucketCollection(code)).findOne({ _id: bucketId(code, 'month', month, ALL_AREAS) });
    return JSON.parse(doc!.counters) as Record<string, any>;
  };

  // Two batches, the second holding the first's last events again (a redelivery across the boundary).
  const first = new BatchFiling(repository);
  for (const event of events.slice(0, 12)) await recorder.record(event, first);
  await repository.commitBatch(first.delta);
  const second = new BatchFiling(repository);
  for (const event of events.slice(9)) await recorder.record(event, second);
  await repository.commitBatch(second.delta);

  const expected = { applications: 8, childrenApplied: 4, childrenReached: 4 };
  expect(await month$()).toMatchObject({ ...expected, needs: { requested: 8, routed: 8, approved: 8 } });

  // A crash after the buckets took a batch, before anything else of it was written: its buckets carry its mark,
  // the batch is still stored, its events are not recorded as done. The next start finishes it, the buckets once.
  const third = new BatchFiling(repository);
  const late = lifecycle(99);
  for (const event of late) await recorder.record(event, third);
  const payload = { buckets: [...third.delta.buckets].map(([id, b]) => ({ id, ...b })), markers: [...third.delta.markers], dropMarkers: [], applications: [...third.delta.applications.values()], requests: [...third.delta.requests.values()], parked: [], effectIds: third.delta.effectIds };
  const batchId = await repository.commitBatch(third.delta);
  await connection.collection('effects-done').deleteMany({ _id: { $in: [...third.delta.effectIds, batchId] } } as never);
  await connection.collection('effects').insertOne({ _id: batchId, batch: true, payload: JSON.stringify(payload) } as never);
  const afterCrash = new UptakeRepository(connection, kit.store); // a new process: nothing in memory
  expect(await afterCrash.finishPending()).toBe(1);
  expect(await afterCrash.finishPending()).toBe(0);
  expect(await month$()).toMatchObject({ applications: 9, needs: { requested: 9, routed: 9, approved: 9 } });

  // Stopped just before the stored batch was deleted: finished by deleting it.
  await connection.collection('effects').insertOne({ _id: batchId, batch: true, payload: JSON.stringify(payload) } as never);
  expect(await afterCrash.finishPending()).toBe(1);
  expect(await month$()).toMatchObject({ applications: 9, needs: { requested: 9, routed: 9, approved: 9 } });

  // Every event read again in a new batch: nothing changes.
  const again = new BatchFiling(afterCrash);
  for (const event of [...events, ...late]) await recorder.record(event, again);
  expect(again.delta.effectIds).toEqual([]);
  await afterCrash.commitBatch(again.delta);
  expect(await month$()).toMatchObject({ applications: 9, needs: { requested: 9, routed: 9, approved: 9 } });
});
