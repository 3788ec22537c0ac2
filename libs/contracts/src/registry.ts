import { z } from 'zod';
import { buildEnvelope, envelopeSchema, EventEnvelope } from './envelope';
import { EventDefinition } from './event-definition';
import { applicationSubmittedV1 } from './events/application-submitted.v1';
import { fundRequestRoutedV1 } from './events/fund-request-routed.v1';
import { fundRequestUnroutableV1 } from './events/fund-request-unroutable.v1';
import { fundRequestDecidedV1 } from './events/fund-request-decided.v1';
import { fundRequestReroutedV1 } from './events/fund-request-rerouted.v1';
import { fundRequestFulfilledV1 } from './events/fund-request-fulfilled.v1';
import { fundRequestDuplicateV1 } from './events/fund-request-duplicate.v1';
import { fundRequestAnsweredV1 } from './events/fund-request-answered.v1';
import { notificationFailedV1 } from './events/notification-failed.v1';
import { fundCatalogueChangedV1 } from './events/fund-catalogue-changed.v1';
import { applicationItemsAddedV1, applicationObjectionFiledV1, applicationWithdrawnV1 } from './events/application-changes.v1';
import { fundRequestReopenedV1, fundRequestWithdrawnV1 } from './events/fund-request-closed.v1';
import { personalDataErasureRequestedV1 } from './events/personal-data-erasure.v1';
import { incomeCheckCompletedV1 } from './events/income-check-completed.v1';
import { incomeCheckCompletedV2 } from './events/income-check-completed.v2';
import { incomeDeclaredV1 } from './events/income-declared.v1';

export const EVENT_DEFINITIONS: EventDefinition[] = [
  applicationSubmittedV1,
  incomeDeclaredV1,
  incomeCheckCompletedV1,
  incomeCheckCompletedV2,
  fundRequestRoutedV1,
  fundRequestUnroutableV1,
  fundRequestDecidedV1,
  fundRequestReroutedV1,
  fundRequestFulfilledV1,
  fundRequestDuplicateV1,
  fundRequestAnsweredV1,
  notificationFailedV1,
  applicationItemsAddedV1,
  applicationWithdrawnV1,
  applicationObjectionFiledV1,
  fundRequestWithdrawnV1,
  fundRequestReopenedV1,
  personalDataErasureRequestedV1,
  fundCatalogueChangedV1,
];

const byTypeAndVersion = new Map(EVENT_DEFINITIONS.map((d) => [`${d.type}@${d.version}`, d]));

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return byTypeAndVersion.get(`${type}@${version}`);
}

/** A message that breaks its contract. Consumers dead-letter it; producers refuse to send it. */
export class ContractViolation extends Error {
  readonly code = 'CONTRACT_VIOLATION';
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(issues.length ? `${message}: ${issues.join('; ')}` : message);
    this.name = 'ContractViolation';
  }
}

function describe(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

/** Checks an envelope and its payload against the registered schema; returns it typed. */
export function validateEnvelope(raw: unknown): EventEnvelope {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw new ContractViolation('Invalid event envelope', describe(envelope.error));
  const definition = findEventDefinition(envelope.data.type, envelope.data.schemaVersion);
  if (!definition) {
    throw new ContractViolation(`Unknown event ${envelope.data.type} v${envelope.data.schemaVersion}`);
  }
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success) {
    throw new ContractViolation(`Invalid payload for ${definition.type} v${definition.version}`, describe(payload.error));
  }
  return { ...envelope.data, payload: payload.data } as EventEnvelope;
}

/** Parses raw Kafka bytes into a checked envelope. */
export function decodeEnvelope(bytes: Buffer | string | null | undefined): EventEnvelope {
  if (bytes === null || bytes === undefined) throw new ContractViolation('Empty message');
  let raw: unknown;
  try {
    raw = JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
  } catch {
    throw new ContractViolation('Message is not JSON');
  }
  return validateEnvelope(raw);
}

export interface NewEvent<D extends EventDefinition> {
  payload: z.infer<D['payload']>;
  correlationId: string;
  causationId?: string | null;
  producer: string;
  occurredAt?: Date;
}

/** Builds a checked envelope for a definition: the payload is validated before anything is stored or sent. */
export function createEvent<D extends EventDefinition>(
  definition: D,
  input: NewEvent<D>,
): EventEnvelope<z.infer<D['payload']>> {
  const parsed = definition.payload.safeParse(input.payload);
  if (!parsed.success) {
    throw new ContractViolation(`Invalid payload for ${definition.type} v${definition.version}`, describe(parsed.error));
  }
  const key = (parsed.data as Record<string, unknown>)[definition.keyField];
  if (typeof key !== 'string' || !key) throw new ContractViolation(`Missing key field ${definition.keyField}`);
  return buildEnvelope({
    type: definition.type,
    schemaVersion: definition.version,
    key,
    payload: parsed.data,
    correlationId: input.correlationId,
    causationId: input.causationId,
    producer: input.producer,
    occurredAt: input.occurredAt,
  });
}

export function isEvent<D extends EventDefinition>(
  definition: D,
  envelope: EventEnvelope,
): envelope is EventEnvelope<z.infer<D['payload']>> {
  return envelope.type === definition.type && envelope.schemaVersion === definition.version;
}
