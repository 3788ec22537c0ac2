import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EventEnvelope } from '@fund-desk/contracts';
import { OutboxRelay } from '@fund-desk/platform';
import { MunicipalitySettings, NormRow, SEED_MUNICIPALITIES, SEED_NORMS } from '../domain/norms';
import { MODELS } from './income-checks.schemas';

export interface StoredCheck {
  id: string;
  applicationId: string;
  municipalityCode: string;
  composition: string;
  netMonthlyIncomeCents: number;
  circumstances: string[];
  checkDate: string;
  normCents: number;
  limitPercent: number;
  outcome: string;
  percentageOfNorm: number;
  basis: string;
  validUntil: string;
  createdAt: Date;
}

@Injectable()
export class IncomeChecksRepository implements OnModuleInit {
  constructor(
    @InjectModel(MODELS.check) private readonly checks: Model<unknown>,
    @InjectModel(MODELS.norm) private readonly norms: Model<unknown>,
    @InjectModel(MODELS.municipality) private readonly municipalities: Model<unknown>,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  async onModuleInit(): Promise<void> {
    this.relay.register(this.checks.collection as never);
    // Seed what is missing; never overwrite what an administrator changed.
    for (const row of SEED_NORMS) {
      await this.norms.collection.updateOne({ _id: row.validFrom } as never, { $setOnInsert: { ...row, createdAt: new Date() } }, { upsert: true });
    }
    for (const m of SEED_MUNICIPALITIES) {
      const { code, ...rest } = m;
      await this.municipalities.collection.updateOne({ _id: code } as never, { $setOnInsert: rest }, { upsert: true });
    }
  }

  /** Stores a completed check with its event. False when it was already stored (a redelivered event). */
  async insertCheck(check: StoredCheck, events: EventEnvelope[]): Promise<boolean> {
    const { id, ...rest } = check;
    return this.relay.insertWithEvents(this.checks.collection as never, { _id: id, ...rest }, events);
  }

  async countChecksForApplication(applicationId: string): Promise<number> {
    return this.checks.collection.countDocuments({ applicationId });
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
}
