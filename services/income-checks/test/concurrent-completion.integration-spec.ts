import mongoose, { Connection } from 'mongoose';
import type { EventEnvelope, PayloadOf, incomeCheckCompletedV2 } from '@fund-desk/contracts';
import { AuditLog, ConflictError, EventBus, KeyRing, openDocumentStore, type OpenedDocumentStore, type OutboxFields, OutboxRelay } from '@fund-desk/platform';
import { stack, uniqueId } from '@fund-desk/testing';
import type { IncomeChecksConfig } from '../src/config/income-checks.config';
import type { IncomeCheck } from '../src/income-checks/domain/check';
import { DataProtection } from '../src/income-checks/infrastructure/data-protection';
import { EvidenceRepository } from '../src/income-checks/infrastructure/evidence.repository';
import { IncomeChecksRepository } from '../src/income-checks/infrastructure/income-checks.repository';
import {
  ApplicationCheckSchema,
  AuditSchema,
  EvidenceSchema,
  HouseholdSchema,
  IncomeCheckSchema,
  MODELS,
  MunicipalitySchema,
  NormSchema,
} from '../src/income-checks/infrastructure/income-checks.schemas';
import { CheckCompletion } from '../src/income-checks/use-cases/complete-check/check-completion';
import { ErasePersonalDataUseCase } from '../src/income-checks/use-cases/erase-personal-data/erase-personal-data.use-case';
import { EvidenceUseCases } from '../src/income-checks/use-cases/evidence/evidence.use-cases';

type Completed = PayloadOf<typeof incomeCheckCompletedV2>;

/** Opens every connection of the pool (the driver opens at most two at a time, on demand). */
async function warmUp(connection: Connection, size: number): Promise<void> {
  const db = connection.db!;
  for (let round = 0; round < 5; round++) {
    await Promise.all(Array.from({ length: size }, () => db.command({ ping: 1 })));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The most contended writes of income-checks, fired 30 at once over a pool of 30 connections against the real
 * database: reviewers deciding the same evidence, and lookups completing the same check. Exactly one wins, and
 * exactly one completion event waits in the check's outbox (the relay is not started, so it stays there).
 */
describe('concurrent completion of one income check', () => {
  const WRITERS = 30;
  let connection: Connection;
  let kit: OpenedDocumentStore;
  let bus: EventBus;
  let checks: IncomeChecksRepository;
  let evidence: EvidenceRepository;
  let completion: CheckCompletion;
  let reviews: EvidenceUseCases;
  let erasure: ErasePersonalDataUseCase;

  beforeAll(async () => {
    // A warm pool of 30 connections, so that the writes below really arrive on separate connections at once.
    connection = await mongoose.createConnection(stack.mongoUrl, { dbName: uniqueId('ic-concurrency'), maxPoolSize: WRITERS, minPoolSize: WRITERS }).asPromise();
    await warmUp(connection, WRITERS);
    kit = await openDocumentStore(connection.db!, stack.redisUrl, `${uniqueId('ic-locks')}:`);
    bus = new EventBus({ clientId: uniqueId('ic-concurrency'), brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 });
    const relay = new OutboxRelay(bus, kit.store, 60_000);
    checks = new IncomeChecksRepository(
      connection.model<unknown>(MODELS.check, IncomeCheckSchema),
      connection.model<unknown>(MODELS.household, HouseholdSchema),
      connection.model<unknown>(MODELS.applicationCheck, ApplicationCheckSchema),
      connection.model<unknown>(MODELS.norm, NormSchema),
      connection.model<unknown>(MODELS.municipality, MunicipalitySchema),
      relay,
      kit.store,
    );
    await checks.onModuleInit(); // seeds the norms and municipalities
    evidence = new EvidenceRepository(connection.model<unknown>(MODELS.evidence, EvidenceSchema), kit.store);
    completion = new CheckCompletion(checks);
    const config = { NODE_ENV: 'test', DATA_KEYS: KeyRing.generateSpec('test'), HOUSEHOLD_INDEX_SECRET: 'a-test-secret-of-sufficient-length' } as IncomeChecksConfig;
    const audit = new AuditLog(connection.model<unknown>(MODELS.audit, AuditSchema).collection);
    reviews = new EvidenceUseCases(checks, evidence, new DataProtection(config), completion, audit);
    erasure = new ErasePersonalDataUseCase(checks, evidence);
  });

  afterAll(async () => {
    await bus.disconnect();
    await connection.dropDatabase();
    await kit.close();
    await connection.close();
  });

  const newCheck = (status: IncomeCheck['status']): IncomeCheck => {
    const id = uniqueId('app');
    return {
      id,
      householdKey: uniqueId('household'),
      municipalityCode: 'GM0080',
      composition: 'single-parent',
      declaredIncomeCents: 120_000,
      circumstances: [],
      checkDate: '2026-03-01',
      bsnSealed: null,
      owners: ['parent-1'],
      applications: [id],
      status,
      evidenceReason: status === 'needs-evidence' ? 'register-unavailable' : null,
      outcome: status === 'needs-evidence' ? 'needs-evidence' : null,
      basis: 'none',
      assessedIncomeCents: null,
      normCents: null,
      limitPercent: 130,
      percentageOfNorm: null,
      normRatioPpm: null,
      validUntil: null,
      explanation: null,
      createdAt: new Date(),
      completedAt: null,
    };
  };

  /** The events waiting in the check's outbox, as the relay would publish them. */
  const outboxOf = async (checkId: string): Promise<{ pending: number; events: EventEnvelope<Completed>[] }> => {
    const doc = (await connection.collection<{ _id: string } & OutboxFields>('income-checks').findOne({ _id: checkId }))!;
    return {
      pending: doc.outboxPending ?? 0,
      events: Object.values(doc.outbox ?? {}).map((entry) => JSON.parse(entry.value) as EventEnvelope<Completed>),
    };
  };

  // Three rounds, each a new check and evidence: one race that happens to come out right proves little.
  it.each([1, 2, 3])(`lets exactly one of ${WRITERS} reviewers deciding the same evidence at once win, with one completion event (round %i)`, async () => {
    const check = newCheck('needs-evidence');
    await checks.insertCheck(check, []);
    const evidenceId = uniqueId('evidence');
    await evidence.insert({
      id: evidenceId,
      checkId: check.id,
      type: 'application/pdf',
      size: 4,
      sealed: Buffer.from([1, 2, 3, 4]),
      uploadedBy: 'parent-1',
      uploadedAt: new Date(),
      status: 'submitted',
    });

    const results = await Promise.allSettled(
      Array.from({ length: WRITERS }, (_, i) =>
        reviews.review({
          principal: { subject: `reviewer-${i}`, role: 'admin' },
          checkId: check.id,
          evidenceId,
          ...(i % 2 ? { decision: 'reject' as const, reason: 'unreadable' } : { decision: 'approve' as const, netMonthlyIncomeCents: 100_000 }),
        }),
      ),
    );

    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toEqual(expect.objectContaining({ code: 'ALREADY_REVIEWED', constructor: ConflictError }));
    }
    const winner = won[0];
    const approved = winner % 2 === 0;
    expect(await evidence.find(evidenceId)).toMatchObject({ status: approved ? 'approved' : 'rejected', reviewedBy: `reviewer-${winner}` });

    const outbox = await outboxOf(check.id);
    expect(outbox.pending).toBe(1);
    expect(outbox.events).toHaveLength(1);
    expect(outbox.events[0]).toMatchObject({
      type: 'income-check.completed',
      payload: { checkId: check.id, applicationId: check.id, outcome: approved ? 'eligible' : 'needs-evidence', basis: approved ? 'evidence' : 'none' },
    });
    expect(await checks.findCheck(check.id)).toMatchObject({ status: approved ? 'completed' : 'needs-evidence' });
  });

  it(`completes a check once when ${WRITERS} lookups finish it at the same moment`, async () => {
    const check = newCheck('awaiting-register');
    await checks.insertCheck(check, []);
    // Each lookup read the check while it awaited the register, and found an income for it.
    const changes = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => completion.assess(check, { incomeCents: 100_000 + i, composition: 'single-parent', circumstances: [], basis: 'register' })),
    );
    const outcomes = await Promise.all(changes.map((change) => completion.apply(check, change, null)));

    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const outbox = await outboxOf(check.id);
    expect(outbox.pending).toBe(1);
    expect(outbox.events).toHaveLength(1);
    const stored = (await checks.findCheck(check.id))!;
    expect(stored.status).toBe('completed');
    // The one event tells what the stored check says.
    expect(outbox.events[0].payload).toMatchObject({ checkId: check.id, percentageOfNorm: stored.percentageOfNorm, normRatioPpm: stored.normRatioPpm, basis: 'register' });
    expect(await checks.household(check.householdKey!)).toMatchObject({ checkId: check.id, validUntil: stored.validUntil });
  });

  it(`erases a check completely while ${WRITERS} lookups complete it and it is erased again`, async () => {
    const check = newCheck('awaiting-register');
    await checks.insertCheck(check, []);
    const changes = await completion.assess(check, { incomeCents: 100_000, composition: 'single-parent', circumstances: [], basis: 'register' });
    const at = new Date('2026-04-01T10:00:00Z');
    const outcomes = await Promise.all([
      ...Array.from({ length: WRITERS }, () => completion.apply(check, changes, null)),
      erasure.execute({ applicationIds: [check.id] }, at),
      erasure.execute({ applicationIds: [check.id] }, new Date(at.getTime() + 1000)),
    ]);

    expect(outcomes.slice(0, WRITERS).filter(Boolean).length).toBeLessThanOrEqual(1);
    expect(await checks.findCheck(check.id)).toBeNull();
    const doc = (await connection.collection<{ _id: string }>('income-checks').findOne({ _id: check.id }))!;
    const kept = ['_id', 'status', 'outcome', 'basis', 'municipalityCode', 'checkDate', 'createdAt', 'completedAt', 'erasedAt', 'outbox', 'outboxPending', 'outboxLeaseUntil'];
    expect(Object.keys(doc).filter((field) => !kept.includes(field))).toEqual([]);
    expect(doc).toMatchObject({ status: 'erased' });
    expect(await checks.household(check.householdKey!)).toBeNull();
    expect((await outboxOf(check.id)).events.length).toBeLessThanOrEqual(1);
  });

  it(`adds norms from one date once when ${WRITERS} administrators add them at once`, async () => {
    const added = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => checks.addNorm({ validFrom: '2027-01-01', single: 140_000 + i, singleParent: 140_000 + i, couple: 200_000 + i })),
    );
    expect(added.filter(Boolean)).toHaveLength(1);
    const row = (await checks.listNorms()).find((n) => n.validFrom === '2027-01-01')!;
    expect(row.single - 140_000).toBe(added.indexOf(true));
  });
});
