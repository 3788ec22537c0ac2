import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DocumentStore, type StoreCollection } from '@fund-desk/platform';
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

type HouseholdDoc = Omit<Household, 'subject'> & { _id: string };
type DraftDoc = Omit<Draft, 'id'> & { _id: string };
interface DecisionTimeDoc {
  _id: string;
  fundId: string;
  days: number;
  at: Date;
}

@Injectable()
export class HouseholdRepository {
  private readonly householdDocs: StoreCollection<HouseholdDoc>;
  private readonly draftDocs: StoreCollection<DraftDoc>;
  private readonly decisionTimeDocs: StoreCollection<DecisionTimeDoc>;

  constructor(
    @InjectModel(MODELS.household) households: Model<unknown>,
    @InjectModel(MODELS.draft) private readonly drafts: Model<unknown>,
    @InjectModel(MODELS.decisionTime) private readonly decisionTimes: Model<unknown>,
    @Inject(DocumentStore) store: DocumentStore,
  ) {
    this.householdDocs = store.collection<HouseholdDoc>(households.collection);
    this.draftDocs = store.collection<DraftDoc>(drafts.collection);
    this.decisionTimeDocs = store.collection<DecisionTimeDoc>(decisionTimes.collection);
  }

  async household(subject: string): Promise<Household | null> {
    const doc = await this.householdDocs.findById(subject);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { subject, ...rest };
  }

  async saveHousehold(household: Household): Promise<void> {
    const { subject, ...rest } = household;
    await this.householdDocs.replace(subject, rest, { upsert: true });
  }

  async deleteHousehold(subject: string): Promise<void> {
    await this.householdDocs.delete(subject);
  }

  async insertDraft(draft: Draft): Promise<void> {
    const { id, ...rest } = draft;
    // A new random id: it cannot exist yet.
    await this.draftDocs.insertOnce({ _id: id, ...rest });
  }

  async draft(id: string): Promise<Draft | null> {
    const doc = await this.draftDocs.findById(id);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { id: String(_id), ...rest };
  }

  async draftsOf(owner: string): Promise<Draft[]> {
    const docs = await this.drafts.collection.find({ owner }).sort({ updatedAt: -1 }).limit(50).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: String(_id), ...(rest as Omit<Draft, 'id'>) }));
  }

  /** Saves new content of an open draft; false when it is not open (submitted a moment ago) or not there. */
  async updateDraft(id: string, owner: string, content: Record<string, unknown>): Promise<boolean> {
    // The guard holds at the moment of the write: a submit just before it makes this false, never a lost submit.
    return this.draftDocs.update(id, { $set: { content, updatedAt: new Date() } }, { owner, status: 'open' });
  }

  async markDraftSubmitted(id: string, applicationId: string): Promise<void> {
    await this.draftDocs.update(id, { $set: { status: 'submitted', applicationId, updatedAt: new Date() } });
  }

  async deleteDraft(id: string): Promise<void> {
    await this.draftDocs.delete(id);
  }

  async deleteDraftsOf(owner: string): Promise<void> {
    await this.draftDocs.deleteWhere({ owner });
  }

  /** One decision's waiting time at a fund (once per decision event: a redelivered one finds it there and changes nothing). */
  async recordDecisionTime(eventId: string, fundId: string, days: number, at: Date): Promise<void> {
    await this.decisionTimeDocs.insertOnce({ _id: eventId, fundId, days, at });
  }

  /** The recent decision times of a fund, newest first. */
  async recentDecisionTimes(fundId: string, limit = 50): Promise<number[]> {
    const docs = await this.decisionTimes.collection.find({ fundId }).sort({ at: -1 }).limit(limit).toArray();
    return docs.map((d) => d.days as number);
  }
}
