import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EventEnvelope } from '@fund-desk/contracts';
import { GuardedUpdates, OutboxRelay, withOutbox, isDuplicateKey } from '@fund-desk/platform';
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

function strip<T>(doc: Record<string, unknown>): T {
  const { _id, ...rest } = doc;
  for (const field of OUTBOX_FIELDS) delete rest[field];
  return { id: String(_id), ...rest } as T;
}

@Injectable()
export class IncomeChecksRepository implements OnModuleInit {
  constructor(
    @InjectModel(MODELS.check) private readonly checks: Model<unknown>,
    @InjectModel(MODELS.household) private readonly households: Model<unknown>,
    @InjectModel(MODELS.applicationCheck) private readonly applicationChecks: Model<unknown>,
    @InjectModel(MODELS.norm) private readonly norms: Model<unknown>,
    @InjectModel(MODELS.municipality) private readonly municipalities: Model<unknown>,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(GuardedUpdates) private readonly guarded: GuardedUpdates,
  ) {}

  async onModuleInit(): Promise<void> {
    this.relay.register(this.checks.collection as never);
    this.relay.register(this.applicationChecks.collection as never);
    // Seed what is missing; never overwrite what an administrator changed.
    for (const row of SEED_NORMS) {
      await this.norms.collection.updateOne({ _id: row.validFrom } as never, { $setOnInsert: { ...row, createdAt: new Date() } }, { upsert: true });
    }
    for (const m of SEED_MUNICIPALITIES) {
      const { code, ...rest } = m;
      await this.municipalities.collection.updateOne({ _id: code } as never, { $setOnInsert: rest }, { upsert: true });
    }
  }

  /** Stores a new check with the events it implies. False when it exists (a redelivered declaration). */
  async insertCheck(check: IncomeCheck, events: EventEnvelope[]): Promise<boolean> {
    const { id, ...rest } = check;
    return this.relay.insertWithEvents(this.checks.collection as never, { _id: id, ...rest }, events);
  }

  /** A check; an erased one is not found. */
  async findCheck(id: string): Promise<IncomeCheck | null> {
    const doc = await this.checks.collection.findOne({ _id: id } as never);
    return doc && doc.status !== 'erased' ? strip<IncomeCheck>(doc) : null;
  }

  async isErased(id: string): Promise<boolean> {
    const doc = await this.checks.collection.findOne({ _id: id } as never, { projection: { status: 1 } });
    return doc?.status === 'erased';
  }

  /**
   * Erases a check down to what KEPT_AFTER_ERASURE allows. Where there is no check by that id (the
   * declaration has not come yet, or the application reused another's check), stores just the erased
   * status, so that a declaration coming later or again stores nothing (the check id is the application id).
   * Repeatable. A guarded update: on FerretDB it waits for a transition of the same check in this process,
   * and a transition after it finds the status changed and does nothing.
   */
  async eraseCheck(id: string, at: Date): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = await this.checks.collection.findOne({ _id: id } as never);
      if (!doc) {
        try {
          await this.checks.collection.insertOne({ _id: id, status: 'erased', erasedAt: at } as never);
          return;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          continue; // the declaration came just now: erase what it stored
        }
      }
      const remove = new Set<string>([...CHECK_FIELDS, ...Object.keys(doc)].filter((f) => !KEPT_AFTER_ERASURE.has(f)));
      const update = {
        $set: { status: 'erased', ...(doc.erasedAt ? {} : { erasedAt: at }) },
        ...(remove.size ? { $unset: Object.fromEntries([...remove].map((f) => [f, ''])) } : {}),
      };
      if (await this.guarded.updateOne(this.checks.collection as never, id, {}, update as never)) return;
    }
    throw new Error(`Could not erase check ${id}: it kept changing`);
  }

  async unlinkApplications(applicationIds: string[]): Promise<number> {
    return (await this.applicationChecks.collection.deleteMany({ _id: { $in: applicationIds } } as never)).deletedCount;
  }

  /** Forgets the households whose valid check is one of these: their blind index can find nobody again. */
  async forgetHouseholdsOf(checkIds: string[]): Promise<number> {
    return (await this.households.collection.deleteMany({ checkId: { $in: checkIds } })).deletedCount;
  }

  /** Moves a check on from the status it was read in, with its events, in one write. False if it moved already. */
  async transition(id: string, from: CheckStatus, changes: Partial<IncomeCheck>, events: EventEnvelope[]): Promise<boolean> {
    const { id: _ignored, ...set } = changes;
    const moved = await this.guarded.updateOne(this.checks.collection as never, id, { status: from }, withOutbox({ $set: set }, events) as never);
    if (moved && events.length) this.relay.notify(this.checks.collection as never, id);
    return moved;
  }

  async household(key: string): Promise<HouseholdRecord | null> {
    const doc = await this.households.collection.findOne({ _id: key } as never);
    return doc ? { key, checkId: doc.checkId, municipalityCode: doc.municipalityCode, composition: doc.composition, validUntil: doc.validUntil } : null;
  }

  async saveHousehold(record: HouseholdRecord): Promise<void> {
    const { key, ...rest } = record;
    await this.households.collection.updateOne({ _id: key } as never, { $set: { ...rest, updatedAt: new Date() } }, { upsert: true });
    // An erasure marks the check before it forgets its households: one that ran meanwhile is seen here.
    if (await this.isErased(record.checkId)) await this.households.collection.deleteOne({ _id: key, checkId: record.checkId } as never);
  }

  /** Records that an application reuses a check, with its outcome event. False when already recorded, or erased. */
  async linkApplication(applicationId: string, checkId: string, events: EventEnvelope[]): Promise<boolean> {
    const linked = await this.relay.insertWithEvents(
      this.applicationChecks.collection as never,
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
    const docs = await this.norms.collection.find({}).sort({ validFrom: 1 }).toArray();
    return docs.map((d) => ({ validFrom: d.validFrom, single: d.single, singleParent: d.singleParent, couple: d.couple }));
  }

  async addNorm(row: NormRow): Promise<boolean> {
    const result = await this.norms.collection.updateOne(
      { _id: row.validFrom } as never,
      { $setOnInsert: { ...row, createdAt: new Date() } },
      { upsert: true },
    );
    return result.upsertedCount === 1;
  }

  async municipality(code: string): Promise<MunicipalitySettings | null> {
    const doc = await this.municipalities.collection.findOne({ _id: code } as never);
    return doc ? { code, name: doc.name, incomeLimitPercent: doc.incomeLimitPercent, validityMonths: doc.validityMonths } : null;
  }

  async listMunicipalities(): Promise<MunicipalitySettings[]> {
    const docs = await this.municipalities.collection.find({}).sort({ _id: 1 }).toArray();
    return docs.map((d) => ({ code: String(d._id), name: d.name, incomeLimitPercent: d.incomeLimitPercent, validityMonths: d.validityMonths }));
  }

  async saveMunicipality(settings: MunicipalitySettings): Promise<void> {
    const { code, ...rest } = settings;
    await this.municipalities.collection.updateOne({ _id: code } as never, { $set: rest }, { upsert: true });
  }
}
