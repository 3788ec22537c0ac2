import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { createEvent, EventEnvelope, fundCatalogueChangedV1 } from '@fund-desk/contracts';
import { DocumentStore, OutboxRelay, outboxFieldsForInsert, withOutbox, type OutboxFields, type StoreCollection, type StoredDocument } from '@fund-desk/platform';
import { Fund, SEED_FUNDS } from '../domain/fund';
import { MODELS } from './routing.schemas';

export type RequestStatus =
  | 'routed'
  | 'unroutable'
  | 'not-eligible'
  | 'duplicate'
  | 'approved'
  | 'declined'
  | 'information-requested'
  | 'fulfilled'
  /** The applicant withdrew the item: nothing is reserved or paid for it any more. */
  | 'withdrawn';

/** A request in one of these still goes on or was granted: the need it holds is taken. */
export const LIVE_STATUSES: RequestStatus[] = ['routed', 'information-requested', 'approved', 'fulfilled'];

export interface FundRequest {
  id: string;
  applicationId: string;
  itemId: string;
  childRef: string;
  childFirstName: string;
  childAge: number;
  category: string;
  amountCents: number;
  /** What the fund approved, when less than asked. */
  approvedAmountCents?: number;
  /** The applicant's answers to the fund's questions. */
  answers?: { at: Date; by: string; text: string }[];
  description?: string;
  provider?: { name: string; iban: string };
  municipalityCode: string;
  status: RequestStatus;
  /** Pseudonymous child key (keyed hash; never a name): per-child limits and duplicates. */
  childKey?: string;
  /** For a duplicate: the earlier request for the same need. */
  duplicateOf?: string;
  /** The version of the fund's rules the request was routed by. */
  fundVersion?: number;
  /** The staff member working on it: others see who, and may not decide it meanwhile. */
  claimedBy?: string | null;
  claimedAt?: Date;
  /** The SEPA batch that pays the provider, once the request is in one. */
  paymentBatchId?: string | null;
  /** Funds that declined it: it does not go back to them. */
  declinedBy?: string[];
  history?: { at: Date; fundId: string | null; status: string; reasonCode?: string; message?: string; by?: string }[];
  decision?: { reasonCode?: string; message?: string; at: Date };
  fulfilment?: { method: string; reference?: string; at: Date };
  /** The applicant's objection to a decline, for the fund that declined it (the request is open there again). */
  objection?: { reason: string; filedAt: Date };
  /** Why and when the applicant withdrew it. */
  withdrawal?: { reason: string; at: Date };
  /** Withdrawn while a payment batch held it: the batch pays it, the fund knows (it is in the history). */
  withdrawalRequestedAt?: Date;
  /** Personal data removed at the person's request; payment records kept. */
  erasedAt?: Date;
  fundId: string | null;
  endorsementRequired: boolean;
  explanation: { fundId: string; fits: boolean; reason: string }[];
  catalogueVersion: number;
  routedAt: Date;
  /** The budget year the amount is reserved in: the year of the application. */
  budgetYear: number;
}

export interface QueueFilter {
  status?: string;
  category?: string;
  municipalityCode?: string;
  minAge?: number;
  maxAge?: number;
  routedFrom?: Date;
  /** Exclusive. */
  routedTo?: Date;
  /** A subject, or null for requests nobody claimed. */
  claimedBy?: string | null;
  /** Only requests in no payment batch yet. */
  unpaid?: boolean;
  order?: 'newest' | 'oldest';
}

export interface RoutingCase {
  id: string;
  application?: Record<string, unknown>;
  incomeCheck?: Record<string, unknown>;
  applicationEventId?: string;
  incomeCheckEventId?: string;
  routedAt?: Date;
  /** Items the applicant withdrew: routing skips those it has not routed yet. */
  withdrawnItemIds?: string[];
  /** Personal data removed: nothing more is routed from this case. */
  erasedAt?: Date;
  /** Changed by every write of the stored application, for guarded read-modify-write (items added, erasure). */
  version?: number;
}

/** A fund as stored: its rules, version and bookkeeping (strict: false, so any field an administrator set). */
interface FundDoc extends StoredDocument {
  [field: string]: unknown;
}

/** An earlier version of a fund's rules, by `fundId@version`. */
interface FundVersionDoc extends StoredDocument {
  [field: string]: unknown;
}

/** A routing case as stored. */
interface CaseDoc extends Omit<RoutingCase, 'id'> {
  _id: string;
}

/** A request as stored, with its outbox. */
interface RequestDoc extends Omit<FundRequest, 'id'>, OutboxFields {
  _id: string;
}

/** Fields of a fund document that are not its rules: its outbox and what was last published. */
const FUND_BOOKKEEPING = { outbox: 0, outboxPending: 0, outboxLeaseUntil: 0, catalogueEventVersion: 0 } as const;

/** What the funds topic says of a fund's version. */
function catalogueEvent(fund: Pick<Fund, 'id' | 'version' | 'name' | 'municipalities' | 'yearlyBudgetCents'>): EventEnvelope {
  return createEvent(fundCatalogueChangedV1, {
    correlationId: fund.id,
    producer: 'fund-routing',
    payload: {
      fundId: fund.id,
      version: fund.version,
      name: fund.name,
      municipalities: fund.municipalities,
      yearlyBudgetCents: fund.yearlyBudgetCents ?? null,
      changedAt: new Date().toISOString(),
    },
  });
}

@Injectable()
export class RoutingRepository implements OnModuleInit {
  /** The collections through the repository kit: every write names its document and is atomic (decisions.md §24). */
  private readonly fundDocs: StoreCollection<FundDoc>;
  private readonly caseDocs: StoreCollection<CaseDoc>;
  private readonly requestDocs: StoreCollection<RequestDoc>;
  private readonly fundVersionDocs: StoreCollection<FundVersionDoc>;

  constructor(
    @InjectModel(MODELS.fund) private readonly funds: Model<unknown>,
    @InjectModel(MODELS.routingCase) private readonly cases: Model<unknown>,
    @InjectModel(MODELS.request) private readonly requests: Model<unknown>,
    @InjectModel(MODELS.fundVersion) private readonly fundVersions: Model<unknown>,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(DocumentStore) store: DocumentStore,
  ) {
    this.fundDocs = store.collection<FundDoc>(funds.collection);
    this.caseDocs = store.collection<CaseDoc>(cases.collection);
    this.requestDocs = store.collection<RequestDoc>(requests.collection);
    this.fundVersionDocs = store.collection<FundVersionDoc>(fundVersions.collection);
  }

  async onModuleInit(): Promise<void> {
    this.relay.register(this.requests.collection as never);
    this.relay.register(this.funds.collection as never);
    // Seed the demo catalogue where a fund is missing; an administrator's changes are kept.
    for (const fund of SEED_FUNDS) {
      const { id, ...rest } = fund;
      await this.fundDocs.upsert(id, { $setOnInsert: rest });
    }
    await this.publishUnpublishedFunds();
  }

  /** Every fund whose current version was never published (seeded, or kept from before the event) is published once. */
  private async publishUnpublishedFunds(): Promise<void> {
    for (const doc of await this.funds.collection.find({}).toArray()) {
      const version = (doc.version as number | undefined) ?? 0;
      if (doc.catalogueEventVersion === version) continue;
      const fund = { id: String(doc._id), ...(doc as unknown as Omit<Fund, 'id'>), version };
      const changed = await this.fundDocs.update(fund.id, withOutbox({ $set: { catalogueEventVersion: version } }, [catalogueEvent(fund)]), {
        catalogueEventVersion: (doc.catalogueEventVersion as number | undefined) ?? null,
      });
      if (changed) this.relay.notify(this.funds.collection as never, fund.id);
    }
  }

  async listFunds(): Promise<Fund[]> {
    const docs = await this.funds.collection.find({}, { projection: FUND_BOOKKEEPING }).sort({ priority: 1, _id: 1 }).toArray();
    return docs.map(({ _id, updatedAt: _u, updatedBy: _b, ...rest }) => ({ id: String(_id), ...(rest as Omit<Fund, 'id'>) }));
  }

  /**
   * Writes a fund's rules as a new version (the previous version is kept in fund-versions, so every routing
   * decision's catalogue version can be traced). Returns the new version number.
   */
  async saveFund(fund: Omit<Fund, 'version'>, by: string): Promise<number> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.fundDocs.findById(fund.id);
      const version = ((current?.version as number | undefined) ?? 0) + 1;
      const { id, ...rules } = fund;
      // Uptake (and any other reader of the funds topic) learns the new name, municipalities and budget.
      const event = catalogueEvent({ ...fund, version });
      if (current) {
        const { outbox: _o, outboxPending: _p, outboxLeaseUntil: _l, catalogueEventVersion: _c, ...kept } = current;
        await this.fundVersionDocs.upsert(`${id}@${current.version}`, {
          $setOnInsert: { ...kept, _id: `${id}@${current.version}`, fundId: id, replacedAt: new Date(), replacedBy: by },
        });
        const { _id: _ignored, ...previous } = current;
        const bookkeeping = ['version', 'updatedAt', 'updatedBy', ...Object.keys(FUND_BOOKKEEPING)];
        const unset = Object.fromEntries(Object.keys(previous).filter((k) => !(k in rules) && !bookkeeping.includes(k)).map((k) => [k, '']));
        const ok = await this.fundDocs.update(
          id,
          withOutbox(
            {
              $set: { ...rules, version, updatedAt: new Date(), updatedBy: by, catalogueEventVersion: version },
              ...(Object.keys(unset).length ? { $unset: unset } : {}),
            },
            [event],
          ),
          { version: current.version as number },
        );
        if (ok) {
          this.relay.notify(this.funds.collection as never, id);
          return version;
        }
      } else {
        // Someone else created the fund a moment ago: read it again and write the next version.
        if (await this.fundDocs.insertOnce({ _id: id, ...rules, version, updatedAt: new Date(), updatedBy: by, catalogueEventVersion: version, ...outboxFieldsForInsert([event]) })) {
          this.relay.notify(this.funds.collection as never, id);
          return version;
        }
      }
    }
    throw new Error(`Fund ${fund.id} is being changed by someone else; try again`);
  }

  async fund(fundId: string): Promise<Fund | null> {
    const doc = await this.fundDocs.findOne({ _id: fundId }, { projection: FUND_BOOKKEEPING });
    if (!doc) return null;
    const { _id, updatedAt: _u, updatedBy: _b, ...rest } = doc;
    return { id: String(_id), ...(rest as Omit<Fund, 'id'>) };
  }

  async fundExists(fundId: string): Promise<boolean> {
    return (await this.fundDocs.count({ _id: fundId })) === 1;
  }

  /** Records one half of what routing needs and returns the case as it now stands. */
  async recordCasePart(applicationId: string, part: 'application' | 'incomeCheck', value: unknown, eventId: string): Promise<RoutingCase> {
    const doc = await this.caseDocs.updateAndGet(
      applicationId,
      { $set: { [part]: value, [`${part}EventId`]: eventId }, ...(part === 'application' ? { $inc: { version: 1 } } : {}) },
      { upsert: true, returnDocument: 'after' },
    );
    return toCase(doc!); // an upsert always leaves a document
  }

  /** Notes items the applicant withdrew (a set: a redelivery adds nothing) and returns the case as it now stands. */
  async recordWithdrawnItems(applicationId: string, itemIds: string[]): Promise<RoutingCase> {
    const doc = await this.caseDocs.updateAndGet(applicationId, { $addToSet: { withdrawnItemIds: { $each: itemIds } } }, { upsert: true, returnDocument: 'after' });
    return toCase(doc!); // an upsert always leaves a document
  }

  /**
   * Changes a case's stored application if nobody changed it since `version` was read (items added, erasure);
   * false: read it again.
   */
  async changeCaseApplication(applicationId: string, version: number | null, update: { $set?: Record<string, unknown>; $unset?: Record<string, ''> }): Promise<boolean> {
    return this.caseDocs.update(applicationId, { ...update, $inc: { version: 1 } }, { version });
  }

  async markCaseRouted(applicationId: string): Promise<void> {
    await this.caseDocs.update(applicationId, { $set: { routedAt: new Date() } });
  }

  /** Stores a request with its event; false when it exists already (routing runs again after a redelivery). */
  async insertRequest(request: FundRequest, events: EventEnvelope[]): Promise<boolean> {
    const { id, ...rest } = request;
    return this.relay.insertWithEvents(this.requests.collection as never, { _id: id, ...rest }, events);
  }

  async findRequest(id: string): Promise<FundRequest | null> {
    const doc = await this.requestDocs.findById(id);
    if (!doc) return null;
    const { _id, outbox: _o, outboxPending: _p, outboxLeaseUntil: _l, ...rest } = doc;
    return { id: _id, ...rest };
  }

  /**
   * Changes a request if it is still with the same fund in the same status as when it was read (both: a
   * declined request is `routed` again, at the next fund), with its events. False: someone was first.
   */
  async changeRequest(
    id: string,
    expected: { status: string; fundId: string | null; claimedBy?: string | null; paymentBatchId?: string | null; withdrawalRequestedAt?: null },
    update: Record<string, unknown>,
    events: EventEnvelope[],
  ): Promise<boolean> {
    const changed = await this.requestDocs.update(id, withOutbox(update, events), expected);
    if (changed && events.length) this.relay.notify(this.requests.collection as never, id);
    return changed;
  }

  async findCase(applicationId: string): Promise<RoutingCase | null> {
    const doc = await this.caseDocs.findById(applicationId);
    return doc ? toCase(doc) : null;
  }

  async requestsForFund(
    fundId: string,
    limit: number,
    offset: number,
    filter: QueueFilter = {},
  ): Promise<FundRequest[]> {
    const query: Record<string, unknown> = { fundId };
    if (filter.status) query.status = filter.status;
    if (filter.category) query.category = filter.category;
    if (filter.municipalityCode) query.municipalityCode = filter.municipalityCode;
    if (filter.minAge !== undefined || filter.maxAge !== undefined) {
      query.childAge = { ...(filter.minAge !== undefined ? { $gte: filter.minAge } : {}), ...(filter.maxAge !== undefined ? { $lte: filter.maxAge } : {}) };
    }
    if (filter.routedFrom || filter.routedTo) {
      query.routedAt = { ...(filter.routedFrom ? { $gte: filter.routedFrom } : {}), ...(filter.routedTo ? { $lt: filter.routedTo } : {}) };
    }
    if (filter.claimedBy !== undefined) query.claimedBy = filter.claimedBy;
    if (filter.unpaid) query.paymentBatchId = null;
    const docs = await this.requests.collection
      .find(query, { projection: { outbox: 0, outboxPending: 0, outboxLeaseUntil: 0 } })
      .sort({ routedAt: filter.order === 'oldest' ? 1 : -1, _id: 1 })
      .skip(offset)
      .limit(limit)
      .toArray();
    return docs.map(({ _id, ...rest }) => ({ id: String(_id), ...(rest as Omit<FundRequest, 'id'>) }));
  }

  /** Every request a fund holds or held in a budget year: what its budget should say (reconciliation). */
  async requestsOfFundForYear(fundId: string, year: number): Promise<Pick<FundRequest, 'id' | 'status' | 'amountCents'>[]> {
    const docs = await this.requests.collection.find({ fundId, budgetYear: year }, { projection: { status: 1, amountCents: 1, approvedAmountCents: 1 } }).toArray();
    // What the fund holds is what it approved, when it approved less than was asked.
    return docs.map((d) => ({ id: String(d._id), status: d.status as RequestStatus, amountCents: (d.approvedAmountCents ?? d.amountCents) as number }));
  }

  async requestsForApplication(applicationId: string): Promise<FundRequest[]> {
    const docs = await this.requests.collection.find({ applicationId }, { projection: { outbox: 0, outboxPending: 0, outboxLeaseUntil: 0 } }).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: String(_id), ...(rest as Omit<FundRequest, 'id'>) }));
  }
}

function toCase(doc: CaseDoc): RoutingCase {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}
