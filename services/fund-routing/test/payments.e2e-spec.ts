import mongoose from 'mongoose';
import { ApiClient, applicationRequest, stack, uniqueId, useIsolatedFund, waitUntil } from '@fund-desk/testing';
import { validatePain001 } from '../src/routing/infrastructure/sepa-schema';

/**
 * Fund staff claim requests, decide them, and pay the providers: the approved, unpaid payments become a
 * SEPA file the bank accepts (checked against the pain.001.001.03 schema) and a CSV; marking the batch paid
 * fulfils every request in it, and the parent sees it.
 */
const gateway = new ApiClient(process.env.E2E_GATEWAY_URL!);

interface Item {
  id: string;
  childRef: string;
  status: string;
  fundId: string | null;
}

interface Batch {
  id: string;
  status: string;
  messageId: string;
  numberOfPayments: number;
  totalCents: number;
  payments: { requestId: string; endToEndId: string; amountCents: number; creditorName: string }[];
}

describe('claims and provider payments', () => {
  // A fund of its own, for 19- and 20-year-olds' culture lessons in Eindhoven only, so no other test's
  // requests are routed to it and its batches hold only this test's payments.
  const fund = useIsolatedFund(
    gateway,
    'muziekfonds',
    { name: 'Muziekfonds Test', municipality: 'GM0772', category: 'culture-lessons', minAge: 19, maxAge: 20 },
    { account: { name: 'Stichting Muziekfonds Test', iban: 'NL02 ABNA 0123 4567 89', bic: 'ABNANL2A' } },
  );
  const { fundId } = fund;

  it('lets one staff member claim a request, batches the approved payments into a valid SEPA file and CSV, and fulfils them when paid', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const submitted = await parent.post<{ id: string }>(
      '/api/v1/applications',
      applicationRequest({
        municipalityCode: 'GM0772',
        children: [
          { ref: 'c1', firstName: 'Zoë', birthDate: '2006-01-10' },
          { ref: 'c2', firstName: 'Mehmet', birthDate: '2007-02-20' },
          { ref: 'c3', firstName: 'Lieke', birthDate: '2006-06-30' },
        ],
        items: [
          { childRef: 'c1', category: 'culture-lessons', amountCents: 25_000, description: 'Pianoles', provider: { name: 'Muziekschool Élan & Co', iban: 'NL91ABNA0417164300' } },
          { childRef: 'c2', category: 'culture-lessons', amountCents: 30_000, provider: { name: 'Dansschool De Sprong', iban: 'NL20INGB0001234567' } },
          { childRef: 'c3', category: 'culture-lessons', amountCents: 10_000, provider: { name: 'Toneelschool', iban: 'NL20INGB0001234567' } },
        ],
      }),
    );
    expect(submitted.status).toBe(202);
    const items = await waitUntil(
      async () => {
        const r = await parent.get<{ items: Item[] }>(`/api/v1/applications/${submitted.body.id}`);
        return r.body.items.every((i) => i.status === 'routed') ? r.body.items : null;
      },
      { what: 'three items routed' },
    );
    expect(items.map((i) => i.fundId)).toEqual([fundId, fundId, fundId]);
    const [piano, dance, drama] = ['c1', 'c2', 'c3'].map((ref) => items.find((i) => i.childRef === ref)!.id);

    const anna = await gateway.login('fund-staff', uniqueId('anna'), { fundId });
    const bram = await gateway.login('fund-staff', uniqueId('bram'), { fundId });
    const base = `/api/v1/funds/${fundId}`;

    // Anna takes the piano lessons; Bram sees who, cannot decide it, and it is not in his "unclaimed" view.
    const claimed = await anna.post(`${base}/requests/${piano}/claim`);
    expect(claimed.status).toBe(200);
    expect((await bram.post(`${base}/requests/${piano}/claim`)).status).toBe(409);
    const blocked = await bram.post(`${base}/requests/${piano}/decision`, { decision: 'approve' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('CLAIMED_BY_OTHER');
    const mine = await anna.get<{ items: { id: string; claimedBy?: string }[] }>(`${base}/requests?claimed=me`);
    expect(mine.body.items.map((r) => r.id)).toEqual([piano]);
    const unclaimed = await bram.get<{ items: { id: string }[] }>(`${base}/requests?claimed=nobody&minAge=19&maxAge=20`);
    expect(unclaimed.body.items.map((r) => r.id).sort()).toEqual([dance, drama].sort());
    const today = new Date().toISOString().slice(0, 10);
    expect((await bram.get<{ items: unknown[] }>(`${base}/requests?from=${today}&to=${today}`)).body.items).toHaveLength(3);
    expect((await bram.get<{ items: unknown[] }>(`${base}/requests?to=2000-01-01`)).body.items).toHaveLength(0);

    expect((await anna.post(`${base}/requests/${piano}/decision`, { decision: 'approve' })).status).toBe(200);
    // Bram approves less than was asked for the dance lessons: €280 of €300.
    expect((await bram.post(`${base}/requests/${dance}/decision`, { decision: 'approve', amountCents: 31_000 })).status).toBe(400);
    expect((await bram.post(`${base}/requests/${dance}/decision`, { decision: 'approve', amountCents: 28_000 })).status).toBe(200);
    // The drama lessons: a question to the parent, answered; the request is back in the queue, with the answer.
    expect((await bram.post(`${base}/requests/${drama}/decision`, { decision: 'request-information', message: 'Welke toneelschool?' })).status).toBe(200);
    expect((await bram.get<{ question: string }>(`${base}/requests/${drama}`)).body.question).toBe('Welke toneelschool?');
    const stranger = await gateway.login('parent', uniqueId('stranger'));
    expect((await stranger.post(`${base}/requests/${drama}/answer`, { text: 'Hallo' })).status).toBe(404);
    expect((await parent.post(`${base}/requests/${drama}/answer`, { text: 'Toneelschool De Planken in Woensel' })).status).toBe(200);
    expect((await parent.post(`${base}/requests/${drama}/answer`, { text: 'Nog iets' })).status).toBe(409); // no open question now
    const detail = await bram.get<{ status: string; answers: { text: string }[]; history: { status: string }[]; childFirstName: string }>(`${base}/requests/${drama}`);
    expect(detail.body).toMatchObject({ status: 'routed', childFirstName: 'Lieke', answers: [{ text: 'Toneelschool De Planken in Woensel' }] });
    expect(detail.body.history.map((h) => h.status)).toEqual(['information-requested', 'answered']);
    expect(JSON.stringify(detail.body)).not.toMatch(/income|percentage|norm/i);

    // A batch, cancelled: its payments are free for the next one.
    const cancelledBatch = await bram.post<Batch>(`${base}/payment-batches`, {});
    expect(cancelledBatch.status).toBe(201);
    expect((await bram.post(`${base}/payment-batches/${cancelledBatch.body.id}/cancel`)).status).toBe(200);

    const created = await bram.post<Batch>(`${base}/payment-batches`, {});
    expect(created.status).toBe(201);
    const batch = created.body;
    expect(batch.status).toBe('open');
    expect(batch.payments.map((p) => p.requestId).sort()).toEqual([piano, dance].sort());
    expect(batch.totalCents).toBe(53_000);
    // Everything approved is in a batch now: a second batch has nothing to pay.
    expect((await bram.post(`${base}/payment-batches`, {})).status).toBe(409);
    // A payment in a batch is recorded as paid with the batch, never by hand as well.
    expect((await bram.post(`${base}/requests/${piano}/fulfilment`, { method: 'provider-paid' })).status).toBe(409);

    const sepa = await bram.get<string>(`${base}/payment-batches/${batch.id}/pain.001.xml`);
    expect(sepa.status).toBe(200);
    expect(sepa.headers.get('content-type')).toContain('application/xml');
    expect(sepa.headers.get('content-disposition')).toContain(`${batch.messageId}.xml`);
    const validation = await validatePain001(sepa.body, process.env.PAIN001_XSD ?? `${process.env.HOME}/.cache/fund-desk/schemas/pain.001.001.03.xsd`);
    expect(validation).toEqual({ valid: true, errors: [] });
    expect(sepa.body).toContain('<NbOfTxs>2</NbOfTxs>');
    expect(sepa.body).toContain('<CtrlSum>530.00</CtrlSum>');
    expect(sepa.body).toContain('<IBAN>NL02ABNA0123456789</IBAN>'); // the fund's account, spaces gone
    expect(sepa.body).toContain('<Nm>Muziekschool Elan + Co</Nm>'); // the banks' character set
    expect(sepa.body).toContain(`<EndToEndId>${piano.replace(/-/g, '')}</EndToEndId>`);

    const csv = await bram.get<string>(`${base}/payment-batches/${batch.id}/payments.csv`);
    expect(csv.status).toBe(200);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('endToEndId,creditorName,creditorIban,amount,remittance,requestedExecutionDate');
    expect(lines).toHaveLength(3);
    expect(csv.body).toContain('Muziekschool Élan & Co,NL91ABNA0417164300,250.00');

    const budgetBefore = await bram.get<{ reservedCents: number; spentCents: number }>(`${base}/budget`);
    const paid = await bram.post<Batch>(`${base}/payment-batches/${batch.id}/paid`, { bankReference: 'BANK-OK-1' });
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe('paid');
    // Marked paid twice (a retry): nothing is fulfilled or spent twice.
    expect((await bram.post(`${base}/payment-batches/${batch.id}/paid`, {})).status).toBe(200);
    const budgetAfter = await bram.get<{ reservedCents: number; spentCents: number }>(`${base}/budget`);
    expect(budgetAfter.body.spentCents - budgetBefore.body.spentCents).toBe(53_000);
    expect(budgetBefore.body.reservedCents - budgetAfter.body.reservedCents).toBe(53_000);
    expect((await bram.post(`${base}/payment-batches/${batch.id}/cancel`)).status).toBe(409);

    const parentView = await waitUntil(
      async () => {
        const r = await parent.get<{ items: Item[] }>(`/api/v1/applications/${submitted.body.id}`);
        const statuses = Object.fromEntries(r.body.items.map((i) => [i.id, i.status]));
        return statuses[piano] === 'fulfilled' && statuses[dance] === 'fulfilled' ? statuses : null;
      },
      { what: 'the parent sees both payments fulfilled' },
    );
    expect(parentView[drama]).toBe('routed');

    const list = await bram.get<{ items: Batch[] }>(`${base}/payment-batches`);
    expect(list.body.items.map((b) => [b.id, b.status])).toEqual([
      [batch.id, 'paid'],
      [cancelledBatch.body.id, 'cancelled'],
    ]);
    // Another fund's staff see none of it.
    const otherFund = await gateway.login('fund-staff', uniqueId('other'), { fundId: 'leergeld-eindhoven' });
    expect((await otherFund.get(`${base}/payment-batches`)).status).toBe(403);
    expect((await otherFund.get(`${base}/payment-batches/${batch.id}/pain.001.xml`)).status).toBe(403);
    expect((await otherFund.get(`${base}/requests/${drama}`)).status).toBe(403);

    // A crash between a request's change and its budget change, twice: the paid piano lessons still
    // reserved, the drama lessons' reservation lost, the spending not counted. Reconciliation puts it right.
    const year = new Date().getUTCFullYear();
    const mongo = await mongoose.createConnection(stack.mongoUrl, { dbName: `${process.env.E2E_NAMESPACE}-fund-routing`, maxPoolSize: 1 }).asPromise();
    try {
      await mongo.collection('fund-budgets').updateOne({ _id: `${fundId}:${year}` } as never, { $set: { spentCents: 0 }, $inc: { version: 1 } });
      await mongo.collection('fund-reservations').insertOne({ _id: `${fundId}:${year}:${piano}`, fundId, year, requestId: piano, amountCents: 25_000 } as never);
      await mongo.collection('fund-reservations').deleteOne({ _id: `${fundId}:${year}:${drama}` } as never);
    } finally {
      await mongo.close();
    }
    expect((await bram.post(`${base}/budget/reconcile`)).status).toBe(403); // administrators only
    const report = await fund.admin().post(`${base}/budget/reconcile`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ released: [piano], added: [drama], resized: [], spentBefore: 0, spentAfter: 53_000, unknown: [] });
    expect((await bram.get(`${base}/budget`)).body).toMatchObject({ reservedCents: 10_000, spentCents: 53_000, leftCents: 1_000_000 - 63_000 });
    expect((await fund.admin().post(`${base}/budget/reconcile`)).body).toMatchObject({ released: [], added: [] }); // nothing left to put right
  });
});
