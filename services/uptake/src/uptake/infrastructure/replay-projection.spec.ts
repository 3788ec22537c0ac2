import { createEvent, EventEnvelope, fundRequestDecidedV1, fundRequestRoutedV1 } from '@fund-desk/contracts';
import { submittedEvent } from '@fund-desk/testing';
import { periodsOf } from '../domain/periods';
import { RecordEventUseCase } from '../use-cases/record-event/record-event.use-case';
import { ReplayProjection } from './replay-projection';
import { ALL_AREAS, bucketId } from './uptake.repository';

// A rebuild files the history into memory with the live use case; these are the figures a municipality would see.
const recorder = new RecordEventUseCase(null as never, { UPTAKE_KEY_SECRET: 'replay-spec-secret-of-at-least-32-chars' } as never);
const submittedAt = '2025-10-06T10:00:00.000Z';
const month = periodsOf(new Date(submittedAt)).month;

function application(id: string, childKey: string): { submitted: EventEnvelope; routed: EventEnvelope; approved: EventEnvelope } {
  const submitted = submittedEvent({ email: 'ouder@example.nl', applicationId: id });
  const p = submitted.payload as { municipalityCode: string; submittedAt: string; children: { key?: string }[]; items: { itemId: string }[] };
  p.municipalityCode = 'GM9500';
  p.submittedAt = submittedAt;
  p.children[0].key = childKey;
  const ref = { requestId: p.items[0].itemId, applicationId: id, itemId: p.items[0].itemId, childRef: 'c1', category: 'school-trip' as const };
  const meta = { correlationId: id, causationId: null, producer: 'test' };
  return {
    submitted,
    routed: createEvent(fundRequestRoutedV1, { ...meta, payload: { ...ref, amountCents: 4500, fundId: 'fund-a', fundName: 'A', catalogueVersion: 1, endorsementRequired: false, explanation: [] } }),
    approved: createEvent(fundRequestDecidedV1, { ...meta, payload: { ...ref, fundId: 'fund-a', fundName: 'A', decision: 'approved', amountCents: 4000, rerouted: false } }),
  };
}

describe('ReplayProjection', () => {
  it('files a history into memory: early events parked until their application, repeats once, distinct children once', async () => {
    const projection = new ReplayProjection();
    const one = application('app-replay-1', 'child-key-1');
    const two = application('app-replay-2', 'child-key-1'); // the same child in a second application
    // The routing comes before its application (topics are read side by side), an event comes twice.
    for (const event of [one.routed, one.submitted, one.submitted, one.approved, one.approved, two.submitted, two.routed]) await recorder.record(event, projection);

    const bucket = projection.replayed.buckets.get(bucketId('GM9500', 'month', month, ALL_AREAS))!.counters as Record<string, any>;
    expect(bucket.applications).toBe(2);
    expect(bucket.childrenApplied).toBe(1);
    expect(bucket.childrenReached).toBe(1);
    expect(bucket.needs).toEqual({ requested: 2, routed: 2, approved: 1 });
    // Approved €40 of €45 asked at fund A, and €45 held for the second: the reserve is what is still to pay.
    expect(bucket.funds['fund-a']).toMatchObject({ routed: 2, approved: 1, reservedCents: 8500 });
    expect(projection.replayed.parked.size).toBe(0);
    expect(projection.replayed.effectsDone.size).toBe(5);
  });
});
