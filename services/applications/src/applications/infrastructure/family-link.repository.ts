import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DocumentStore, type StoreCollection, WriteConflictError } from '@fund-desk/platform';
import { type FamilyLink, isLive } from '../domain/family-link';
import { MODELS } from './application.schema';

/** A link as stored: `_id` names the pair and the generation, so a pair's next link can only follow an ended one. */
type FamilyLinkDoc = FamilyLink & { _id: string; generation: number; version?: number };

const keyOf = (intermediary: string, parent: string, generation: number) => `${encodeURIComponent(intermediary)}:${encodeURIComponent(parent)}:${generation}`;

function toDomain(doc: FamilyLinkDoc): FamilyLink {
  const { _id, generation: _generation, version: _version, ...link } = doc;
  return link;
}

@Injectable()
export class FamilyLinkRepository {
  private readonly links: StoreCollection<FamilyLinkDoc>;

  constructor(@InjectModel(MODELS.familyLink) model: Model<unknown>, @Inject(DocumentStore) store: DocumentStore) {
    this.links = store.collection<FamilyLinkDoc>(model.collection);
  }

  /**
   * Stores the link unless the pair has a live one, and returns the pair's live link (this one, or the one there).
   * Ended links stay as they were: the new one is the pair's next generation, inserted once by its `_id`, so two
   * requests at the same moment make one link.
   */
  async insertUnlessLive(link: FamilyLink): Promise<{ link: FamilyLink; created: boolean }> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const latest = await this.links.findOne({ intermediary: link.intermediary, parent: link.parent }, { sort: { generation: -1 } });
      if (latest && isLive(latest)) return { link: toDomain(latest), created: false };
      const generation = latest ? latest.generation + 1 : 0;
      if (await this.links.insertOnce({ ...link, _id: keyOf(link.intermediary, link.parent, generation), generation })) return { link, created: true };
    }
    throw new WriteConflictError(`Family link ${link.intermediary} → ${link.parent} kept changing`);
  }

  async findById(id: string): Promise<FamilyLink | null> {
    const doc = await this.links.findOne({ id });
    return doc ? toDomain(doc) : null;
  }

  /**
   * Changes a link by what is stored now: `decide` sees it and returns it changed, or as it was to leave it (it
   * may throw). Written only onto the version `decide` saw. Returns the link as left, or null when there is none.
   */
  async change(id: string, decide: (link: FamilyLink) => FamilyLink): Promise<FamilyLink | null> {
    const found = await this.links.findOne({ id }, { projection: { _id: 1 } });
    if (!found) return null;
    const doc = await this.links.modify(found._id, (current) => {
      if (!current) return null;
      const before = toDomain(current);
      const after = decide(before);
      return after === before ? null : { $set: after };
    });
    return doc ? toDomain(doc) : null;
  }

  /** The links naming this person, newest first: as the parent, or as the intermediary. */
  async naming(as: 'parent' | 'intermediary', subject: string, limit = 100): Promise<FamilyLink[]> {
    const docs = await this.links.find({ [as]: subject }, { sort: { requestedAt: -1 }, limit });
    return docs.map(toDomain);
  }

  /** The intermediaries this parent confirmed a link with. */
  async confirmedIntermediariesOf(parent: string): Promise<string[]> {
    const docs = await this.links.find({ parent, status: 'confirmed' }, { projection: { intermediary: 1 } });
    return docs.map((d) => d.intermediary);
  }

  /** The parents who confirmed a link with this intermediary. */
  async confirmedParentsOf(intermediary: string): Promise<string[]> {
    const docs = await this.links.find({ intermediary, status: 'confirmed' }, { projection: { parent: 1 } });
    return docs.map((d) => d.parent);
  }

  /** A parent's erasure: every link naming them goes (the intermediaries' names for them, their account id). */
  async deleteNaming(parent: string): Promise<number> {
    return this.links.deleteWhere({ parent });
  }

  async isConfirmed(intermediary: string, parent: string): Promise<boolean> {
    return (await this.links.count({ intermediary, parent, status: 'confirmed' })) > 0;
  }
}
