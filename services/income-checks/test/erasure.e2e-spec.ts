import { TOPICS } from '@fund-desk/contracts';
import { EventBus } from '@fund-desk/platform';
import { ApiClient, applicationRequest, erasureEvent, serviceUnderTest, stack, uniqueId, waitUntil } from '@fund-desk/testing';

/**
 * Erasure on the running system: a parent applies with a BSN, sends evidence that a reviewer reads and
 * approves, and applies again (the household's check is reused). Then `personal-data.erasure-requested`
 * arrives: the checks are no longer found by anyone, the sealed BSN, income figures, evidence and the
 * household's blind index are gone (the next application with that BSN is checked anew), the check keeps
 * only its outcome and dates, the audit log of reads stays, and the event coming again changes nothing.
 */
jest.setTimeout(120_000);

const gateway = new ApiClient(process.env.E2E_GATEWAY_URL!);
const incomeChecks = serviceUnderTest('income-checks', () => new EventBus({ clientId: uniqueId('erasure-test'), brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 }));
const { handled, mentions } = incomeChecks;

interface View {
  incomeCheck: { status: string; checkId?: string; outcome: string | null; basis?: string };
}

// The register does not know this BSN, so its check needs evidence whether the register is up or down
// (another test takes it down for a while). A couple here: no other test's household has this BSN and
// composition, so none reuses this check or gives this test theirs.
const BSN = '999990093';
const household = { composition: 'couple', netMonthlyIncomeCents: 150000, circumstances: [], bsn: BSN };

// A real 1×1 PNG.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

async function submit(parent: ApiClient): Promise<string> {
  const response = await parent.post<{ id: string }>('/api/v1/applications', applicationRequest({ household }));
  expect(response.status).toBe(202);
  return response.body.id;
}

const checkOf = (parent: ApiClient, id: string, done: (c: View['incomeCheck']) => boolean, what: string) =>
  waitUntil(
    async () => {
      const view = await parent.get<View>(`/api/v1/applications/${id}`);
      return view.status === 200 && done(view.body.incomeCheck) ? view.body.incomeCheck : null;
    },
    { what },
  );

async function upload(client: ApiClient, checkId: string) {
  const form = new FormData();
  form.append('file', new Blob([PNG]), 'loonstrook-jansen.png');
  const response = await fetch(`${client.baseUrl}/api/v1/income-checks/${checkId}/evidence`, { method: 'POST', headers: client.authHeaders(), body: form });
  return { status: response.status, body: (await response.json()) as { id: string } };
}

describe('erasure of personal data in income checks', () => {
  it('erases the sealed BSN, income, evidence and household index of the applications, keeps the outcome and the audit log', async () => {
    const subject = uniqueId('parent');
    const parent = await gateway.login('parent', subject);
    const reviewer = await gateway.login('admin', uniqueId('reviewer'));

    // First application: evidence needed, sent, read (audited) and approved.
    const first = await submit(parent);
    const waiting = await checkOf(parent, first, (c) => c.status === 'needs-evidence', 'evidence to be asked for');
    expect(waiting.checkId).toBe(first);
    const uploaded = await upload(parent, first);
    expect(uploaded.status).toBe(201);
    const content = `/api/v1/income-checks/${first}/evidence/${uploaded.body.id}/content`;
    expect((await fetch(`${gateway.baseUrl}${content}`, { headers: reviewer.authHeaders() })).status).toBe(200);
    expect((await reviewer.post(`/api/v1/income-checks/${first}/evidence/${uploaded.body.id}/review`, { decision: 'approve', netMonthlyIncomeCents: 150000 })).status).toBe(200);
    await checkOf(parent, first, (c) => c.status === 'completed', 'the check completed by the evidence');

    // Second application: the household's check answers it.
    const second = await submit(parent);
    expect((await checkOf(parent, second, (c) => c.status === 'completed', 'the reused check')).checkId).toBe(first);

    const stored = (await incomeChecks.db.collection('income-checks').findOne({ _id: first } as never))!;
    expect(stored).toMatchObject({ bsnSealed: expect.any(String), householdKey: expect.any(String), declaredIncomeCents: 150000, owners: [subject] });
    const householdKey = stored.householdKey as string;
    const sealedBsn = stored.bsnSealed as string;
    expect(await incomeChecks.db.collection('households').findOne({ _id: householdKey } as never)).toMatchObject({ checkId: first });
    expect(await incomeChecks.db.collection('evidence').countDocuments({ checkId: first })).toBe(1);
    expect(await incomeChecks.db.collection('application-checks').findOne({ _id: second } as never)).toMatchObject({ checkId: first });

    const event = erasureEvent(subject, [first, second]);
    await incomeChecks.publish(TOPICS.privacy, [event]);
    await handled(event);

    // Nobody finds the check any more: not the parent, not a reviewer, not its evidence.
    expect((await parent.get(`/api/v1/income-checks/${first}`)).status).toBe(404);
    expect((await reviewer.get(`/api/v1/income-checks/${first}`)).status).toBe(404);
    expect((await reviewer.get(`/api/v1/income-checks/${second}`)).status).toBe(404);
    expect((await fetch(`${gateway.baseUrl}${content}`, { headers: reviewer.authHeaders() })).status).toBe(404);
    expect((await upload(parent, first)).status).toBe(404);

    // At rest: the outcome and dates only; no evidence, index, link or sealed value anywhere.
    const kept = (await incomeChecks.db.collection('income-checks').findOne({ _id: first } as never))!;
    const fields = ['_id', 'status', 'outcome', 'basis', 'municipalityCode', 'checkDate', 'createdAt', 'completedAt', 'erasedAt', 'outbox', 'outboxPending'];
    expect(Object.keys(kept).filter((k) => !fields.includes(k))).toEqual([]);
    expect(kept.outbox ?? {}).toEqual({}); // its events were published before
    expect(kept).toMatchObject({ status: 'erased', outcome: 'eligible', basis: 'evidence', municipalityCode: 'GM0080', erasedAt: expect.any(Date) });
    expect(await incomeChecks.db.collection('income-checks').findOne({ _id: second } as never)).toMatchObject({ status: 'erased' });
    expect(await incomeChecks.db.collection('evidence').countDocuments({ checkId: first })).toBe(0);
    expect(await incomeChecks.db.collection('households').countDocuments({ checkId: first })).toBe(0);
    expect(await incomeChecks.db.collection('application-checks').findOne({ _id: second } as never)).toBeNull();
    // Nothing else refers to these applications (another test's application with this BSN has a check of its
    // own with the same index: not theirs to erase, so the index is not looked for elsewhere).
    expect(await mentions(sealedBsn, 'loonstrook-jansen')).toEqual([]); // nor the file's name, which is never stored
    expect((await mentions(first, second)).sort()).toEqual([`income-checks/${first}`, `income-checks/${second}`].sort());

    // The audit log stays, and holds ids, the reader's account and role, and what happened: nothing else.
    const audit = await incomeChecks.db.collection('audit-log').find({ 'resource.id': uploaded.body.id }).toArray();
    expect(audit.length).toBeGreaterThanOrEqual(1);
    for (const entry of audit) {
      expect(Object.keys(entry).sort()).toEqual(['_id', 'action', 'actor', 'at', 'outcome', 'purpose', 'resource']);
      expect(Object.keys(entry.actor).sort()).toEqual(['role', 'subject']);
    }

    // The same event again, and another request to erase the same: harmless.
    const again = erasureEvent(subject, [first, second]);
    await incomeChecks.publish(TOPICS.privacy, [event, again]);
    await handled(again);
    expect(await incomeChecks.db.collection('income-checks').findOne({ _id: first } as never)).toEqual(kept);
    expect((await parent.get(`/api/v1/income-checks/${first}`)).status).toBe(404);

    // The household cannot be found again: the next application with the same BSN is checked anew.
    const third = await submit(parent);
    const fresh = await checkOf(parent, third, (c) => c.status === 'needs-evidence', 'a new check for the next application');
    expect(fresh.checkId).toBe(third);
  });
});
