import { Inject, Injectable } from '@nestjs/common';
import { DocumentStore, type StoreCollection, type StoredDocument } from '@fund-desk/platform';
import { InjectModel } from '@nestjs/mongoose';
import { mongo, type Model } from 'mongoose';
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

/** Evidence as stored: the sealed content is written as a Buffer and read back as BSON binary. */
type EvidenceDocument = StoredDocument & Omit<EvidenceRecord, 'id' | 'sealed'> & { sealed?: Buffer | mongo.Binary };

@Injectable()
export class EvidenceRepository {
  /** Every write goes through the repository kit: atomic per document, also on FerretDB over a pool (decisions.md §24). */
  private readonly documents: StoreCollection<EvidenceDocument>;

  constructor(
    @InjectModel(MODELS.evidence) evidence: Model<unknown>,
    @Inject(DocumentStore) store: DocumentStore,
  ) {
    this.documents = store.collection<EvidenceDocument>(evidence.collection);
  }

  async insert(record: EvidenceRecord): Promise<void> {
    const { id, ...rest } = record;
    // The id is a fresh UUID: one that exists already is a fault, as the plain insert reported it.
    if (!(await this.documents.insertOnce({ _id: id, ...rest }))) throw new Error(`Evidence ${id} exists already`);
  }

  async find(id: string): Promise<EvidenceRecord | null> {
    const doc = await this.documents.findById(id);
    if (!doc) return null;
    const { _id, sealed, ...rest } = doc;
    return { id: String(_id), ...rest, ...(sealed ? { sealed: Buffer.from(sealed instanceof mongo.Binary ? sealed.buffer : sealed) } : {}) };
  }

  async forCheck(checkId: string): Promise<EvidenceRecord[]> {
    const docs = await this.documents.find({ checkId }, { projection: { sealed: 0 }, sort: { uploadedAt: 1 } });
    return docs.map(({ _id, sealed: _sealed, ...rest }) => ({ id: String(_id), ...rest }));
  }

  /** Records a review once: false when the evidence was reviewed already. */
  async review(id: string, status: 'approved' | 'rejected', by: string, reason?: string): Promise<boolean> {
    return this.documents.update(id, { $set: { status, reviewedBy: by, reviewedAt: new Date(), ...(reason ? { reason } : {}) } }, { status: 'submitted' });
  }

  /** Deletes the evidence of these checks altogether: the sealed content and the record of it. */
  async deleteForChecks(checkIds: string[]): Promise<number> {
    return this.documents.deleteWhere({ checkId: { $in: checkIds } });
  }

  /** Deletes the content of evidence uploaded before the cutoff; keeps the record of what was there. */
  async purgeContentBefore(cutoff: Date): Promise<number> {
    // Each document is written only while it is still due, so two purges at once count (and stamp) it once.
    return this.documents.updateWhere({ uploadedAt: { $lt: cutoff }, purgedAt: { $exists: false } }, { $unset: { sealed: '' }, $set: { purgedAt: new Date() } });
  }
}
