import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MODELS } from './application.schema';

/** What a parent entered last time, so applying again next season needs no retyping. Never the income or the BSN. */
export interface Household {
  subject: string;
  municipalityCode: string;
  postcode: string;
  composition: string;
  circumstances: string[];
  children: { ref: string; firstName: string; birthDate: string }[];
  contact: { email: string; language: string; phone?: string };
  updatedAt: Date;
}

export interface Draft {
  id: string;
  owner: string;
  role: string;
  /** Whatever was filled in so far: checked in full only at submit. */
  content: Record<string, unknown>;
  status: 'open' | 'submitted';
  applicationId?: string;
  createdAt: Date;
  updatedAt: Date;
}

@Injectable()
export class HouseholdRepository {
  constructor(
    @InjectModel(MODELS.household) private readonly households: Model<unknown>,
    @InjectModel(MODELS.draft) private readonly drafts: Model<unknown>,
    @InjectModel(MODELS.decisionTime) private readonly decisionTimes: Model<unknown>,
  ) {}

  async household(subject: string): Promise<Household | null> {
    const doc = await this.households.collection.findOne({ _id: subject } as never);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { subject, ...(rest as Omit<Household, 'subject'>) };
  }

  async saveHousehold(household: Household): Promise<void> {
    const { subject, ...rest } = household;
    await this.households.collection.replaceOne({ _id: subject } as never, rest, { upsert: true });
  }

  async deleteHousehold(subject: string): Promise<void> {
    await this.households.collection.deleteOne({ _id: subject } as never);
  }

  async insertDraft(draft: Draft): Promise<void> {
    const { id, ...rest } = draft;
    await this.drafts.collection.insertOne({ _id: id, ...rest } as never);
  }

  async draft(id: string): Promise<Draft | null> {
    const doc = await this.drafts.collection.findOne({ _id: id } as never);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { id: String(_id), ...(rest as Omit<Draft, 'id'>) };
  }

  async draftsOf(owner: string): Promise<Draft[]> {
    const docs = await this.drafts.collection.find({ owner }).sort({ updatedAt: -1 }).limit(50).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: String(_id), ...(rest as Omit<Draft, 'id'>) }));
  }

  /** Saves new content of an open draft; false when it is not open (submitted a moment ago) or not there. */
  async updateDraft(id: string, owner: string, content: Record<string, unknown>): Promise<boolean> {
    const draft = await this.draft(id);
    if (!draft || draft.owner !== owner || draft.status !== 'open') return false;
    await this.drafts.collection.updateOne({ _id: id } as never, { $set: { content, updatedAt: new Date() } });
    return true;
  }

  async markDraftSubmitted(id: string, applicationId: string): Promise<void> {
    await this.drafts.collection.updateOne({ _id: id } as never, { $set: { status: 'submitted', applicationId, updatedAt: new Date() } });
  }

  async deleteDraft(id: string): Promise<void> {
    await this.drafts.collection.deleteOne({ _id: id } as never);
  }

  async deleteDraftsOf(owner: string): Promise<void> {
    await this.drafts.collection.deleteMany({ owner });
  }

  /** One decision's waiting time at a fund (once per decision event). */
  async recordDecisionTime(eventId: string, fundId: string, days: number, at: Date): Promise<void> {
    await this.decisionTimes.collection.updateOne({ _id: eventId } as never, { $setOnInsert: { fundId, days, at } }, { upsert: true });
  }

  /** The recent decision times of a fund, newest first. */
  async recentDecisionTimes(fundId: string, limit = 50): Promise<number[]> {
    const docs = await this.decisionTimes.collection.find({ fundId }).sort({ at: -1 }).limit(limit).toArray();
    return docs.map((d) => d.days as number);
  }
}
