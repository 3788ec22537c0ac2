import { renderEventCatalogue } from './catalogue';
import { EventEnvelope } from './envelope';
import { applicationSubmittedV1 } from './events/application-submitted.v1';
import { fundRequestRoutedV1 } from './events/fund-request-routed.v1';
import { incomeCheckCompletedV1 } from './events/income-check-completed.v1';
import { incomeDeclaredV1 } from './events/income-declared.v1';
import { ContractViolation, createEvent, decodeEnvelope, EVENT_DEFINITIONS, findEventDefinition, isEvent, validateEnvelope } from './registry';
import { TOPIC_SPECS, TOPICS } from './topics';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const OCCURRED_AT = new Date('2025-09-01T10:00:00Z');

const routedPayload = {
  requestId: 'app-1:item-1',
  applicationId: 'app-1',
  itemId: 'item-1',
  childRef: 'c1',
  category: 'school-trip' as const,
  amountCents: 4500,
  fundId: 'leergeld-leeuwarden',
  fundName: 'Stichting Leergeld Leeuwarden',
  catalogueVersion: 1,
  endorsementRequired: false,
  explanation: [{ fundId: 'leergeld-leeuwarden', fits: true, reason: 'first-fit-by-priority' }],
};

const declaredPayload = {
  applicationId: 'app-1',
  municipalityCode: 'GM0080',
  composition: 'single-parent' as const,
  netMonthlyIncomeCents: 145000,
  circumstances: [],
  checkDate: '2025-09-01',
};

function routedEvent(payload: Record<string, unknown> = routedPayload) {
  return createEvent(fundRequestRoutedV1, {
    payload: payload as typeof routedPayload,
    correlationId: 'app-1',
    causationId: '0b7e6c1e-2d3f-4a5b-8c9d-0e1f2a3b4c5d',
    producer: 'fund-routing',
    occurredAt: OCCURRED_AT,
  });
}

function expectViolation(fn: () => unknown, message: RegExp): ContractViolation {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ContractViolation);
  const violation = thrown as ContractViolation;
  expect(violation.code).toBe('CONTRACT_VIOLATION');
  expect(violation.message).toMatch(message);
  return violation;
}

describe('createEvent', () => {
  it('builds an envelope with a fresh UUID, the key from the key field and the schema version', () => {
    const event = routedEvent();
    expect(event).toEqual({
      id: expect.stringMatching(UUID),
      type: 'fund-request.routed',
      schemaVersion: 1,
      occurredAt: '2025-09-01T10:00:00.000Z',
      correlationId: 'app-1',
      causationId: '0b7e6c1e-2d3f-4a5b-8c9d-0e1f2a3b4c5d',
      producer: 'fund-routing',
      key: 'app-1:item-1', // requestId, the key field of fund-request.routed
      payload: routedPayload,
    });
    expect(routedEvent().id).not.toBe(event.id);
  });

  it('takes the key from the definition key field (applicationId for income.declared)', () => {
    const event = createEvent(incomeDeclaredV1, { payload: declaredPayload, correlationId: 'app-1', producer: 'applications' });
    expect(event.key).toBe('app-1');
    expect(event.causationId).toBeNull();
    expect(() => new Date(event.occurredAt).toISOString()).not.toThrow();
  });

  it('produces bytes a consumer decodes back into the same envelope', () => {
    const event = routedEvent();
    expect(decodeEnvelope(Buffer.from(JSON.stringify(event)))).toEqual(event);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a negative amount', { ...routedPayload, amountCents: -1 }, /amountCents/],
    ['an amount in fractions of a cent', { ...routedPayload, amountCents: 45.5 }, /amountCents/],
    ['an unknown category', { ...routedPayload, category: 'pony-rides' }, /category/],
    ['a missing fund id', { ...routedPayload, fundId: undefined }, /fundId/],
    ['an empty key field', { ...routedPayload, requestId: '' }, /requestId/],
  ])('refuses %s with a ContractViolation naming the field', (_, payload, field) => {
    const violation = expectViolation(() => routedEvent(payload), /Invalid payload for fund-request\.routed v1/);
    expect(violation.issues.join('\n')).toMatch(field);
  });

  it('refuses an income-check outcome the vocabulary does not know', () => {
    expectViolation(
      () =>
        createEvent(incomeCheckCompletedV1, {
          payload: {
            checkId: 'app-1',
            applicationId: 'app-1',
            municipalityCode: 'GM0080',
            outcome: 'maybe' as never,
            percentageOfNorm: 105.9,
            normRatioPpm: 1_059_121,
            municipalityLimitPercent: 130,
            basis: 'declared-income',
            circumstances: [],
            validUntil: '2026-09-01',
          },
          correlationId: 'app-1',
          producer: 'income-checks',
        }),
      /income-check\.completed/,
    );
  });
});

describe('decodeEnvelope', () => {
  it.each<[string, Buffer | string | null | undefined, RegExp]>([
    ['null', null, /Empty message/],
    ['undefined', undefined, /Empty message/],
    ['bytes that are not JSON', Buffer.from('not json {'), /not JSON/],
    ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x01]), /not JSON/],
    ['JSON that is not an object', '42', /Invalid event envelope/],
    ['an empty object', '{}', /Invalid event envelope/],
    ['JSON with a bad envelope id', JSON.stringify({ ...routedEvent(), id: 'not-a-uuid' }), /Invalid event envelope.*id/],
    ['JSON without a key', JSON.stringify({ ...routedEvent(), key: '' }), /Invalid event envelope.*key/],
    ['an unknown type', JSON.stringify({ ...routedEvent(), type: 'fund-request.teleported' }), /Unknown event fund-request\.teleported v1/],
    ['an unknown version', JSON.stringify({ ...routedEvent(), schemaVersion: 2 }), /Unknown event fund-request\.routed v2/],
    [
      'a payload that breaks its schema',
      JSON.stringify({ ...routedEvent(), payload: { ...routedPayload, amountCents: -500 } }),
      /Invalid payload for fund-request\.routed v1.*amountCents/,
    ],
    [
      'a payload of another event type',
      JSON.stringify({ ...routedEvent(), payload: declaredPayload }),
      /Invalid payload for fund-request\.routed v1/,
    ],
  ])('throws a ContractViolation for %s', (_, bytes, message) => {
    expectViolation(() => decodeEnvelope(bytes), message);
  });

  it('returns the typed envelope for good bytes, from a Buffer or a string', () => {
    const event = routedEvent();
    const decoded: EventEnvelope = decodeEnvelope(Buffer.from(JSON.stringify(event), 'utf8'));
    expect(decoded).toEqual(event);
    expect(decodeEnvelope(JSON.stringify(event))).toEqual(event);
    expect(isEvent(fundRequestRoutedV1, decoded)).toBe(true);
    expect(isEvent(incomeDeclaredV1, decoded)).toBe(false);
    if (isEvent(fundRequestRoutedV1, decoded)) expect(decoded.payload.fundId).toBe('leergeld-leeuwarden');
  });

  it('validateEnvelope drops payload fields the schema does not know', () => {
    const event = routedEvent();
    const decoded = validateEnvelope({ ...event, payload: { ...routedPayload, income: 145000 } });
    expect(decoded.payload).toEqual(routedPayload);
    expect(decoded.payload).not.toHaveProperty('income');
  });
});

describe('event definitions, topics and the catalogue', () => {
  it('every event definition travels on a declared topic', () => {
    const topics = TOPIC_SPECS.map((t) => t.name);
    for (const definition of EVENT_DEFINITIONS) expect(topics).toContain(definition.topic);
  });

  it('every TOPICS entry has a spec, and no two definitions share a type and version', () => {
    expect(TOPIC_SPECS.map((t) => t.name).sort()).toEqual(Object.values(TOPICS).sort());
    const ids = EVENT_DEFINITIONS.map((d) => `${d.type}@${d.version}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  // Who reads it is a fact of the code: libs/testing/src/topic-readers.spec.ts checks that only income-checks does.
  it('raw income travels only on the income-declarations topic', () => {
    expect(incomeDeclaredV1.topic).toBe(TOPICS.incomeDeclarations);
    for (const definition of EVENT_DEFINITIONS.filter((d) => d !== incomeDeclaredV1)) {
      expect(Object.keys((definition.payload as unknown as { shape: object }).shape)).not.toContain('netMonthlyIncomeCents');
    }
  });

  it('finds every definition by type and version and nothing else', () => {
    for (const definition of EVENT_DEFINITIONS) expect(findEventDefinition(definition.type, definition.version)).toBe(definition);
    expect(findEventDefinition(applicationSubmittedV1.type, 99)).toBeUndefined();
    expect(findEventDefinition('application.approved', 1)).toBeUndefined();
  });

  it('the key field of every definition is a required string in its payload', () => {
    for (const definition of EVENT_DEFINITIONS) {
      const shape = (definition.payload as unknown as { shape: Record<string, { isOptional(): boolean }> }).shape;
      expect(shape[definition.keyField]).toBeDefined();
      expect(shape[definition.keyField].isOptional()).toBe(false);
    }
  });

  it('the rendered catalogue mentions every event type with its version, every topic and every key field', () => {
    const text = renderEventCatalogue();
    for (const definition of EVENT_DEFINITIONS) {
      expect(text).toContain(`### \`${definition.type}\` v${definition.version}`);
      expect(text).toContain(`Topic \`${definition.topic}\`, key: \`${definition.keyField}\`.`);
    }
    for (const topic of TOPIC_SPECS) expect(text).toContain(`| \`${topic.name}\` | ${topic.partitions} |`);
  });

  it('the rendered catalogue lists payload fields, marking optional ones', () => {
    const text = renderEventCatalogue();
    expect(text).toContain('- `netMonthlyIncomeCents`: number');
    expect(text).toContain('- `provider` (optional): object');
    expect(text).toContain('`eligible` \\| `not-eligible` \\| `needs-evidence`');
  });
});
