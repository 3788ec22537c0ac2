import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EventEnvelope } from '@fund-desk/contracts';
import { DocumentStore, OutboxRelay, withOutbox, type OutboxFields, type StoreCollection, type StoredDocument } from '@fund-desk/platform';
import type { CheckStatus, IncomeCheck } from '../domain/check';
import { MunicipalitySettings, NormRow, SEED_MUNICIPALITIES, SEED_NORMS } from '../domain/norms';
import { MODELS } from './income-checks.schemas';

export interface HouseholdRecord {
  key: string;
  checkId: string;
  municipalityCode: string;
  composition: string;
  validUntil: string;
}

const OUTBOX_FIELDS = ['outbox', 'outboxPending', 'outboxLeaseUntil'];

/** A check as stored: the check itself, its outbox, or (erased) only what KEPT_AFTER_ERASURE allows. */
type CheckDocument = StoredDocument & Partial<Omit<IncomeCheck, 'id' | 'status'>> & OutboxFields & { status: CheckStatus | 'erased'; erasedAt?: Date };
type HouseholdDocument = StoredDocument & Omit<HouseholdRecord, 'key'> & { updatedAt: Date };
type ApplicationCheckDocument = StoredDocument & OutboxFields & { checkId: string; reused: boolean; createdAt: Date };
type NormDocument = StoredDocument & NormRow & { createdAt: Date };
type MunicipalityDocument = StoredDocument & Omit<MunicipalitySettings, 'code'>;

/**
 * What an erased check keeps: whether and on what basis the household was eligible, where and when — for
 * counts, with nothing that names, reaches or finds the household again (no figures, composition,
 * circumstances, BSN, owners, blind index or percentage). Events still in its outbox were decided before
 * the erasure and leave as they would have (outcome events: no BSN, no income figures).
 */
const KEPT_AFTER_ERASURE = new Set(['_id', 'status', 'outcome', 'basis', 'municipalityCode', 'checkDate', 'createdAt', 'completedAt', 'erasedAt', ...OUTBOX_FIELDS]);
const CHECK_FIELDS: (keyof IncomeCheck)[] = [
  'householdKey', 'municipalityCode', 'composition', 'declaredIncomeCents', 'circumstances', 'checkDate', 'bsnSealed', 'owners',
  'applications', 'status', 'evidenceReason', 'outcome', 'basis', 'assessedIncomeCents', 'normCents', 'limitPercent',
  'percentageOfNorm', 'normRatioPpm', 'validUntil', 'explanation', 'createdAt', 'completedAt',
];

/** The check without its outbox (OUTBOX_FIELDS). */
function strip<T>(doc: CheckDocument): T {
  const { _id, outbox: _outbox, outboxPending: _pending, outboxLeaseUntil: _lease, ...rest } = doc;
  return { id: String(_id), ...rest } as T;
}

@Injectable()
export class IncomeChecksRepository implements OnModuleInit {
  /** Every write goes through the repository kit: atomic per document, also on FerretDB over a pool (decisions.md §24). */
  private readonly checkDocs: StoreCollection<CheckDocument>;
  private readonly householdDocs: StoreCollection<HouseholdDocument>;
  private readonly applicationCheckDocs: StoreCollection<ApplicationCheckDocument>;
  private readonly normDocs: StoreCollection<NormDocument>;
  private readonly municipalityDocs: StoreCollection<MunicipalityDocument>;

  constructor(
    @InjectModel(MODELS.check) private readonly checks: Model<unknown>,
    @InjectModel(MODELS.household) private readonly households: Model<unknown>,
    @InjectModel(MODELS.applicationCheck) private readonly applicationChecks: Model<unknown>,
    @InjectModel(MODELS.norm) private readonly norms: Model<unknown>,
    @InjectModel(MODELS.municipality) private readonly municipalities: Model<unknown>,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(DocumentStore) store: DocumentStore,
  ) {
    this.checkDocs = store.collection<CheckDocument>(checks.collection);
    this.householdDocs = store.collection<HouseholdDocument>(households.collection);
    this.applicationCheckDocs = store.collection<ApplicationCheckDocument>(applicationChecks.collection);
    this.normDocs = store.collection<NormDocument>(norms.collection);
    this.municipalityDocs = store.collection<MunicipalityDocument>(municipalities.collection);
  }

  async onModuleInit(): Promise<void> {
    this.relay.register(this.checks.collection);
    this.relay.register(this.applicationChecks.collection);
    // Seed what is missing; never overwrite what an administrator changed.
    for (const row of SEED_NORMS) {
      await this.normDocs.upsert(row.validFrom, { $setOnInsert: { ...row, createdAt: new Date() } });
    }
    for (const m of SEED_MUNICIPALITIES) {
      const { code, ...rest } = m;
      await this.municipalityDocs.upsert(code, { $setOnInsert: rest });
    }
  }

  /** Stores a new check with the events it implies. False when it exists (a redelivered declaration). */
  async insertCheck(check: IncomeCheck, events: EventEnvelope[]): Promise<boolean> {
    const { id, ...rest } = check;
    return this.relay.insertWithEvents(this.checks.collection, { _id: id, ...rest }, events);
  }

  /** A check; an erased one is not found. */
  async findCheck(id: string): Promise<IncomeCheck | null> {
    const doc = await this.checkDocs.findById(id);
    return doc && doc.status !== 'erased' ? strip<IncomeCheck>(doc) : null;
  }

  async isErased(id: string): Promise<boolean> {
    const doc = await this.checkDocs.findOne({ _id: id }, { projection: { status: 1 } });
    return doc?.status === 'erased';
  }

  /**
   * Erases a check down to what KEPT_AFTER_ERASURE allows. Where there is no check by that id (the
   * declaration has not come yet, or the application reused another's check), stores just the erased
   * status, so that a declaration coming later or again stores nothing (the check id is the application id).
   * Repeatable. Written with the check's status as it was read as the guard: a transition that came in
   * between is seen and the check read again; a transition after it finds the status changed and does nothing.
   */
  async eraseCheck(id: string, at: Date): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = await this.checkDocs.findById(id);
      if (!doc) {
        if (await this.checkDocs.insertOnce({ _id: id, status: 'erased', erasedAt: at })) return;
        continue; // the declaration came just now: erase what it stored
      }
      const remove = new Set<string>([...CHECK_FIELDS, ...Object.keys(doc)].filter((f) => !KEPT_AFTER_ERASURE.has(f)));
      const update = {
        $set: { status: 'erased', ...(doc.erasedAt ? {} : { erasedAt: at }) },
        ...(remove.size ? { $unset: Object.fromEntries([...remove].map((f) => [f, ''])) } : {}),
      };
      if (await this.checkDocs.update(id, update, { status: doc.status })) return;
    }
    throw new Error(`Could not erase check ${id}: it kept changing`);
  }

  async unlinkApplications(applicationIds: string[]): Promise<number> {
    return this.applicationCheckDocs.deleteWhere({ _id: { $in: applicationIds } });
  }

  /** Forgets the households whose valid check is one of these: their blind index can find nobody again. */
  async forgetHouseholdsOf(checkIds: string[]): Promise<number> {
    return this.householdDocs.deleteWhere({ checkId: { $in: checkIds } });
  }

  /** Moves a check on from the status it was read in, with its events, in one write. False if it moved already. */
  async transition(id: string, from: CheckStatus, changes: Partial<IncomeCheck>, events: EventEnvelope[]): Promise<boolean> {
    const { id: _ignored, ...set } = changes;
    const moved = await this.checkDocs.update(id, withOutbox({ $set: set }, events), { status: from });
    if (moved && events.length) this.relay.notify(this.checks.collection, id);
    return moved;
  }

  async household(key: string): Promise<HouseholdRecord | null> {
    const doc = await this.householdDocs.findById(key);
    return doc ? { key, checkId: doc.checkId, municipalityCode: doc.municipalityCode, composition: doc.composition, validUntil: doc.validUntil } : null;
  }

  async saveHousehold(record: HouseholdRecord): Promise<void> {
    const { key, ...rest } = record;
    await this.householdDocs.upsert(key, { $set: { ...rest, updatedAt: new Date() } });
    // An erasure marks the check before it forgets its households: one that ran meanwhile is seen here.
    if (await this.isErased(record.checkId)) await this.householdDocs.delete(key, { checkId: record.checkId });
  }

  /** Records that an application reuses a check, with its outcome event. False when already recorded, or erased. */
  async linkApplication(applicationId: string, checkId: string, events: EventEnvelope[]): Promise<boolean> {
    const linked = await this.relay.insertWithEvents(
      this.applicationChecks.collection,
      { _id: applicationId, checkId, reused: true, createdAt: new Date() },
      events,
    );
    // The application was erased while this was written (the erasure marks it first, then unlinks).
    if (linked && (await this.isErased(applicationId))) {
      await this.unlinkApplications([applicationId]);
      return false;
    }
    return linked;
  }

  async listNorms(): Promise<NormRow[]> {
    const docs = await this.normDocs.find({}, { sort: { validFrom: 1 } });
    return docs.map((d) => ({ validFrom: d.validFrom, single: d.single, singleParent: d.singleParent, couple: d.couple }));
  }

  async addNorm(row: NormRow): Promise<boolean> {
    // Inserted only when no norms from that date exist (the unique _id refuses a second, also concurrently).
    return this.normDocs.insertOnce({ _id: row.validFrom, ...row, createdAt: new Date() });
  }

  async municipality(code: string): Promise<MunicipalitySettings | null> {
    const doc = await this.municipalityDocs.findById(code);
    return doc ? { code, name: doc.name, incomeLimitPercent: doc.incomeLimitPercent, validityMonths: doc.validityMonths } : null;
  }

  async listMunicipalities(): Promise<MunicipalitySettings[]> {
    const docs = await this.municipalityDocs.find({}, { sort: { _id: 1 } });
    return docs.map((d) => ({ code: String(d._id), name: d.name, incomeLimitPercent: d.incomeLimitPercent, validityMonths: d.validityMonths }));
  }

  async saveMunicipality(settings: MunicipalitySettings): Promise<void> {
    const { code, ...rest } = settings;
    await this.municipalityDocs.upsert(code, { $set: rest });
  }
}
