import type { EventEnvelope } from '@fund-desk/contracts';
import { findEventDefinition } from '@fund-desk/contracts';

/**
 * Transactional outbox inside the aggregate document.
 *
 * FerretDB (and a single MongoDB document write) gives atomicity for one document only, so the events a
 * state change implies are written into the same document, in the same update, as the change itself:
 * `outbox.<eventId>` holds the event, `outboxPending` counts them. OutboxRelay publishes pending events
 * and removes them. A crash between the write and the publish loses nothing; a crash after the publish
 * but before the removal publishes again, which idempotent consumers absorb.
 */
export interface OutboxEntry {
  seq: number;
  topic: string;
  key: string;
  value: string;
}

export interface OutboxFields {
  outbox?: Record<string, OutboxEntry>;
  outboxPending?: number;
  outboxLeaseUntil?: Date | null;
}

let lastSeq = 0;
function nextSeq(): number {
  // Strictly increasing within a process; millisecond-ordered across processes.
  lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
  return lastSeq;
}

function entryOf(event: EventEnvelope): [string, OutboxEntry] {
  const definition = findEventDefinition(event.type, event.schemaVersion);
  if (!definition) throw new Error(`No contract for ${event.type} v${event.schemaVersion}`);
  return [event.id, { seq: nextSeq(), topic: definition.topic, key: event.key, value: JSON.stringify(event) }];
}

/** Fields for a new document that is created together with its events. */
export function outboxFieldsForInsert(events: EventEnvelope[]): Required<Omit<OutboxFields, 'outboxLeaseUntil'>> {
  return { outbox: Object.fromEntries(events.map(entryOf)), outboxPending: events.length };
}

/** Adds the events to an update of an existing document, so both land in one atomic write. */
export function withOutbox<U extends Record<string, unknown>>(update: U, events: EventEnvelope[]): U {
  if (!events.length) return update;
  const set = { ...((update.$set as Record<string, unknown>) ?? {}) };
  for (const [id, entry] of events.map(entryOf)) set[`outbox.${id}`] = entry;
  const inc = { ...((update.$inc as Record<string, number>) ?? {}) };
  inc.outboxPending = (inc.outboxPending ?? 0) + events.length;
  return { ...update, $set: set, $inc: inc };
}
