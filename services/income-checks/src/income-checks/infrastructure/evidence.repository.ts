import { Inject, Injectable } from '@nestjs/common';
import { GuardedUpdates } from '@fund-desk/platform';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MODELS } from './income-checks.schemas';

export type EvidenceStatus = 'submitted' | 'approved' | 'rejected';

export interface EvidenceRecord {
  id: string;
  checkId: string;
  type: string;
  size: number;
  /** Sealed content; absent once purged after the retention period. */
  sealed?: Buffer;
  uploadedBy: string;
  uploadedAt: Date;
  status: EvidenceStatus;
  reviewedBy?: string;
  reviewedAt?: Date;
  reason?: string;
  purgedAt?: Date;
}

@Injectable()
export class EvidenceRepository {
  constructor(
    @InjectModel(MODELS.evidence) private readonly evidence: Model<unknown>,
    @Inject(GuardedUpdates) private readonly guarded: GuardedUpdates,
  ) {}

  async insert(record: EvidenceRecord): Promise<void> {
    const { id, ...rest } = record;
    await this.evidence.collection.insertOne({ _id: id, ...rest } as never);
  }

  async find(id: string): Promise<EvidenceRecord | null> {
    const doc = await this.evidence.collection.findOne({ _id: id } as never);
    if (!doc) return null;
    const { _id, sealed, ...rest } = doc;
    return { id: String(_id), ...(rest as Omit<EvidenceRecord, 'id'>), ...(sealed ? { sealed: Buffer.from(sealed.buffer ?? sealed) } : {}) };
  }

  async forCheck(checkId: string): Promise<EvidenceRecord[]> {
    const docs = await this.evidence.collection.find({ checkId }, { projection: { sealed: 0 } }).sort({ uploadedAt: 1 }).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: String(_id), ...(rest as Omit<EvidenceRecord, 'id'>) }));
  }

  /** Records a review once: false when the evidence was reviewed already. */
  async review(id: string, status: 'approved' | 'rejected', by: string, reason?: string): Promise<boolean> {
    return this.guarded.updateOne(this.evidence.collection as never, id, { status: 'submitted' }, {
      $set: { status, reviewedBy: by, reviewedAt: new Date(), ...(reason ? { reason } : {}) },
    });
  }

  /** Deletes the evidence of these checks altogether: the sealed content and the record of it. */
  async deleteForChecks(checkIds: string[]): Promise<number> {
    return (await this.evidence.collection.deleteMany({ checkId: { $in: checkIds } })).deletedCount;
  }

  /** Deletes the content of evidence uploaded before the cutoff; keeps the record of what was there. */
  async purgeContentBefore(cutoff: Date): Promise<number> {
    const due = await this.evidence.collection
      .find({ uploadedAt: { $lt: cutoff }, purgedAt: { $exists: false } }, { projection: { _id: 1 } })
      .toArray();
    for (const doc of due) {
      await this.evidence.collection.updateOne({ _id: doc._id }, { $unset: { sealed: '' }, $set: { purgedAt: new Date() } });
    }
    return due.length;
  }
}
