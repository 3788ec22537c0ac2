import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { Collection } from 'mongodb';
import { stack, uniqueId } from '@fund-desk/testing';
import { AuditLog, AuditRecordInput } from '../src/audit/audit-log';

/** The audit trail against the real database (FerretDB locally, MongoDB in production), in a database of its own. */
describe('AuditLog', () => {
  let connection: mongoose.Connection;
  let collection: Collection;
  let log: AuditLog;

  beforeAll(async () => {
    connection = await mongoose.createConnection(stack.mongoUrl, { dbName: uniqueId('audit'), maxPoolSize: 1 }).asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  beforeEach(async () => {
    collection = connection.db!.collection(uniqueId('audit'));
    log = new AuditLog(collection);
    await log.ensureIndexes();
  });

  const staff = { subject: 'staff-7f3a', role: 'fund-staff' };
  const read = (id: string, at: Date, outcome: 'allowed' | 'denied', purpose?: string): AuditRecordInput => ({
    at,
    actor: staff,
    action: 'evidence.read',
    resource: { type: 'evidence', id },
    ...(purpose ? { purpose } : {}),
    outcome,
  });

  it('records allowed and denied reads and reads them back in time order', async () => {
    const id = uniqueId('ev');
    const t0 = new Date('2025-09-01T09:00:00.000Z');
    const later = (ms: number) => new Date(t0.getTime() + ms);
    // Inserted out of order: the answer is ordered by time, not by insertion.
    await log.record(read(id, later(2000), 'denied'));
    await log.record(read(id, t0, 'allowed', 'income-check.review'));
    await log.record({ ...read(id, later(1000), 'allowed'), actor: { subject: 'staff-91bc', role: 'income-officer' }, action: 'bsn.read' });
    // Other resources stay out: another id, and the same id under another type.
    await log.record(read(uniqueId('ev'), later(500), 'allowed'));
    await log.record({ ...read(id, later(700), 'allowed'), resource: { type: 'household', id } });

    const entries = await log.forResource('evidence', id);
    expect(entries).toEqual([
      { at: t0, actor: staff, action: 'evidence.read', resource: { type: 'evidence', id }, purpose: 'income-check.review', outcome: 'allowed' },
      { at: later(1000), actor: { subject: 'staff-91bc', role: 'income-officer' }, action: 'bsn.read', resource: { type: 'evidence', id }, outcome: 'allowed' },
      { at: later(2000), actor: staff, action: 'evidence.read', resource: { type: 'evidence', id }, outcome: 'denied' },
    ]);
    expect(entries[0].at).toBeInstanceOf(Date);
    expect(await log.forResource('household', id)).toHaveLength(1);
    expect(await log.forResource('evidence', 'nothing-here')).toEqual([]);
  });

  it('stamps the time when none is given, and appends every read as its own entry', async () => {
    const id = uniqueId('ev');
    const before = Date.now();
    await log.record({ actor: staff, action: 'evidence.read', resource: { type: 'evidence', id }, outcome: 'allowed' });
    await log.record({ actor: staff, action: 'evidence.read', resource: { type: 'evidence', id }, outcome: 'allowed' });
    const entries = await log.forResource('evidence', id);
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry.at.getTime()).toBeGreaterThanOrEqual(before);
      expect(entry.at.getTime()).toBeLessThanOrEqual(Date.now());
    }
    expect(entries[0].at.getTime()).toBeLessThanOrEqual(entries[1].at.getTime());
  });

  it('stores exactly the entry fields under a generated UUID, and nothing else a caller passes along', async () => {
    const id = uniqueId('ev');
    const leaky = {
      ...read(id, new Date(), 'allowed'),
      actor: { ...staff, name: 'J. de Vries', email: 'j@example.org' },
      resource: { type: 'evidence', id, bsn: '123456782' },
      body: { netMonthlyIncomeCents: 145000 },
    } as AuditRecordInput;
    await log.record(leaky);

    const raw = await collection.find({ 'resource.id': id }).toArray();
    expect(raw).toHaveLength(1);
    const [document] = raw;
    expect(document._id).toEqual(expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/));
    expect(Object.keys(document).sort()).toEqual(['_id', 'action', 'actor', 'at', 'outcome', 'resource']);
    expect(Object.keys(document.actor).sort()).toEqual(['role', 'subject']);
    expect(Object.keys(document.resource).sort()).toEqual(['id', 'type']);
    expect(JSON.stringify(document)).not.toMatch(/Vries|example\.org|123456782|145000/);
  });

  it('rejects malformed entries without writing anything', async () => {
    const id = uniqueId('ev');
    const good = read(id, new Date(), 'allowed');
    const bad: Array<[string, unknown, RegExp]> = [
      ['no subject', { ...good, actor: { subject: '', role: 'fund-staff' } }, /actor\.subject is required/],
      ['no actor', { ...good, actor: undefined }, /actor\.subject is required/],
      ['no role', { ...good, actor: { subject: 's', role: ' ' } }, /actor\.role is required/],
      ['no resource id', { ...good, resource: { type: 'evidence', id: '' } }, /resource\.id is required/],
      ['an unknown outcome', { ...good, outcome: 'maybe' }, /outcome must be/],
      ['an action that is not dotted words', { ...good, action: 'read evidence' }, /action must be/],
      ['an invalid date', { ...good, at: new Date('nope') }, /at must be a valid date/],
      ['a very long purpose', { ...good, purpose: 'x'.repeat(201) }, /purpose is longer than 200/],
    ];
    for (const [, entry, message] of bad) await expect(log.record(entry as AuditRecordInput)).rejects.toThrow(message);
    expect(await collection.countDocuments({})).toBe(0);
  });

  it('creates its index idempotently', async () => {
    await log.ensureIndexes();
    const indexes = await collection.indexes();
    expect(indexes.map((i) => i.key)).toEqual(expect.arrayContaining([{ 'resource.id': 1, at: 1 }]));
  });

  it("works over a mongoose model's collection, as a service wires it", async () => {
    const model = connection.model(uniqueId('Audit'), new mongoose.Schema({}, { strict: false }), uniqueId('audit'));
    const viaModel = new AuditLog(model.collection as never);
    await viaModel.ensureIndexes();
    const id = uniqueId('ev');
    await viaModel.record(read(id, new Date('2025-09-02T10:00:00Z'), 'denied'));
    await viaModel.record(read(id, new Date('2025-09-01T10:00:00Z'), 'allowed'));
    expect((await viaModel.forResource('evidence', id)).map((e) => e.outcome)).toEqual(['allowed', 'denied']);
  });

  it('has no code path that updates or deletes entries', () => {
    const source = readFileSync(join(__dirname, '../src/audit/audit-log.ts'), 'utf8');
    expect(source).not.toMatch(/\b(update\w*|replace\w*|delete\w*|findOneAnd\w+|drop\w*|bulkWrite|remove\w*)\s*\(/);
  });
});
