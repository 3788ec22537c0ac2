import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';

/** Who did what to which resource, and whether it was allowed. */
export interface AuditEntry {
  at: Date;
  /** The token's subject and the role it acted in — no name, e-mail address or other personal data. */
  actor: { subject: string; role: string };
  /** Dotted verb, e.g. 'evidence.read', 'bsn.read'. */
  action: string;
  /** What was touched, by type and id (e.g. { type: 'evidence', id: '<uuid>' }). */
  resource: { type: string; id: string };
  /** Why, as a short code or phrase (e.g. 'income-check.review'); never personal data. */
  purpose?: string;
  outcome: 'allowed' | 'denied';
  /** Where the request came from (the client's address as the gateway saw it), for sign-in and staff reads. */
  from?: string;
  /** The fund or municipality the actor works for, so that its administrator sees its own people's entries. */
  scope?: { fundId?: string; municipalityCode?: string };
}

export type AuditRecordInput = Omit<AuditEntry, 'at'> & { at?: Date };

interface AuditDocument extends AuditEntry {
  _id: string;
}

const ACTION_PATTERN = /^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)*$/;

/**
 * An append-only audit trail in one collection: every entry is one `insertOne` with a generated UUID as
 * `_id`; nothing here updates or deletes. Only the fields of `AuditEntry` are stored, copied one by one, so
 * extra properties a caller passes (a request body, a document) never reach the database.
 *
 * Callers audit a staff read before they return the data, and let a failed `record` fail the read: a read
 * that could not be audited must not happen. `record` rejects malformed entries (empty ids, unknown
 * outcome, over-long texts) with an error naming the field, never its value.
 *
 * In production, give the service's database user only `insert` and `find` on this collection, so the
 * trail stays append-only even for code outside this class (FerretDB in development has no such roles).
 */
export class AuditLog {
  private readonly entries: Collection<AuditDocument>;

  constructor(collection: Collection) {
    this.entries = collection as unknown as Collection<AuditDocument>;
  }

  /** The index `forResource` uses (MongoDB; FerretDB 1.24 accepts it, but only `_id` look-ups are fast there). */
  async ensureIndexes(): Promise<void> {
    await this.entries.createIndex({ 'resource.id': 1, at: 1 }, { name: 'resource_id_at' });
  }

  async record(entry: AuditRecordInput): Promise<void> {
    const at = entry.at ?? new Date();
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new Error('Audit entry: at must be a valid date');
    const document: AuditDocument = {
      _id: randomUUID(),
      at,
      actor: { subject: text('actor.subject', entry.actor?.subject, 200), role: text('actor.role', entry.actor?.role, 100) },
      action: text('action', entry.action, 100),
      resource: { type: text('resource.type', entry.resource?.type, 100), id: text('resource.id', entry.resource?.id, 200) },
      outcome: entry.outcome,
    };
    if (!ACTION_PATTERN.test(document.action)) throw new Error("Audit entry: action must be dotted words such as 'evidence.read'");
    if (entry.outcome !== 'allowed' && entry.outcome !== 'denied') throw new Error("Audit entry: outcome must be 'allowed' or 'denied'");
    if (entry.purpose !== undefined) document.purpose = text('purpose', entry.purpose, 200);
    if (entry.from !== undefined) document.from = text('from', entry.from, 100);
    if (entry.scope?.fundId || entry.scope?.municipalityCode) {
      document.scope = {
        ...(entry.scope.fundId ? { fundId: text('scope.fundId', entry.scope.fundId, 100) } : {}),
        ...(entry.scope.municipalityCode ? { municipalityCode: text('scope.municipalityCode', entry.scope.municipalityCode, 10) } : {}),
      };
    }
    await this.entries.insertOne(document);
  }

  /** The newest entries of the people of one fund (for its administrator), newest first. */
  async forFund(fundId: string, limit = 200): Promise<AuditEntry[]> {
    const documents = await this.entries.find({ 'scope.fundId': fundId }).sort({ at: -1, _id: 1 }).limit(limit).toArray();
    return documents.map(({ _id: _ignored, ...entry }) => entry);
  }

  /** Every entry about one resource, oldest first (entries with the same time in `_id` order). */
  async forResource(type: string, id: string): Promise<AuditEntry[]> {
    const documents = await this.entries.find({ 'resource.id': id, 'resource.type': type }).sort({ at: 1, _id: 1 }).toArray();
    return documents.map(({ at, actor, action, resource, purpose, outcome }) => ({
      at,
      actor: { subject: actor.subject, role: actor.role },
      action,
      resource: { type: resource.type, id: resource.id },
      ...(purpose === undefined || purpose === null ? {} : { purpose }),
      outcome,
    }));
  }
}

function text(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`Audit entry: ${field} is required`);
  if (value.length > max) throw new Error(`Audit entry: ${field} is longer than ${max} characters`);
  return value;
}
