import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** The one envelope every event travels in. */
export const envelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().regex(/^[a-z-]+(\.[a-z-]+)+$/),
  schemaVersion: z.number().int().positive(),
  occurredAt: z.string().datetime({ offset: true }),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  producer: z.string().min(1),
  key: z.string().min(1),
  payload: z.unknown(),
});

export interface EventEnvelope<P = unknown> {
  id: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  /** The application this event belongs to: follows it through every service. */
  correlationId: string;
  /** The event that caused this one, or null for a person's action. */
  causationId: string | null;
  producer: string;
  /** Kafka key: the aggregate id. */
  key: string;
  payload: P;
}

export interface EnvelopeInput<P> {
  type: string;
  schemaVersion: number;
  key: string;
  payload: P;
  correlationId: string;
  causationId?: string | null;
  producer: string;
  occurredAt?: Date;
  id?: string;
}

export function buildEnvelope<P>(input: EnvelopeInput<P>): EventEnvelope<P> {
  return {
    id: input.id ?? randomUUID(),
    type: input.type,
    schemaVersion: input.schemaVersion,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    correlationId: input.correlationId,
    causationId: input.causationId ?? null,
    producer: input.producer,
    key: input.key,
    payload: input.payload,
  };
}
