import { ApiClient, applicationRequest, uniqueId, waitUntil } from '@fund-desk/testing';

/**
 * Income checks on the running system: the municipality's register (the project's development double),
 * a register that is down, evidence uploaded and reviewed, and a household's check reused.
 */
const gateway = new ApiClient(process.env.E2E_GATEWAY_URL!);
const register = new ApiClient(`${JSON.parse(process.env.E2E_URLS!)['dev-register']}`);

interface View {
  id: string;
  incomeCheck: { status: string; checkId?: string; outcome: string | null; eligible: boolean | null; percentageOfNorm: number | null; basis?: string; explanation?: string };
  items: { category: string; status: string; fundId: string | null }[];
}

async function submit(parent: ApiClient, overrides: Record<string, unknown>): Promise<string> {
  const response = await parent.post<{ id: string }>('/api/v1/applications', applicationRequest(overrides));
  expect(response.status).toBe(202);
  return response.body.id;
}

async function viewWhen(parent: ApiClient, id: string, done: (v: View) => boolean, what: string, timeoutMs = 15_000): Promise<View> {
  return waitUntil(
    async () => {
      const view = await parent.get<View>(`/api/v1/applications/${id}`, { 'Accept-Language': 'en' });
      return view.status === 200 && done(view.body) ? view.body : null;
    },
    { timeoutMs, what },
  );
}

const registerCalls = async () => (await register.get<{ count: number }>('/api/v1/registers/calls')).body.count;
const household = (composition: string, income: number, bsn: string) => ({ composition, netMonthlyIncomeCents: income, circumstances: [], bsn });

// A real 1×1 PNG.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

async function upload(client: ApiClient, checkId: string, bytes: Buffer, name: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const response = await fetch(`${client.baseUrl}/api/v1/income-checks/${checkId}/evidence`, {
    method: 'POST',
    headers: { ...client.authHeaders(), 'Accept-Language': 'en' },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('income checks', () => {
  afterEach(async () => {
    await register.request('PUT', '/api/v1/registers/behaviour', { mode: 'up' });
  });

  it('takes the income from the municipality register when the parent gives a BSN, and routes on it', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    // The register says: a couple with €1,800.00 a month (the parent declared less; the register wins).
    const id = await submit(parent, { household: household('couple', 100000, '999990032') });
    const view = await viewWhen(parent, id, (v) => v.items.every((i) => i.status !== 'pending'), 'routing after a register check');
    expect(view.incomeCheck).toMatchObject({ status: 'completed', outcome: 'eligible', eligible: true, basis: 'register', percentageOfNorm: 92 });
    expect(view.incomeCheck.explanation).toContain("from the municipality's records");
    expect(view.items[0]).toMatchObject({ status: 'routed', fundId: 'leergeld-leeuwarden' });
  });

  it('asks for evidence when the register does not know the person', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const id = await submit(parent, { household: household('single-parent', 145000, '999990093') });
    const view = await viewWhen(parent, id, (v) => v.incomeCheck.status === 'needs-evidence', 'evidence to be asked for');
    expect(view.incomeCheck.explanation).toContain('could not find your details');
    expect(view.items.every((i) => i.status === 'pending')).toBe(true);
  });

  it('retries a register that is down, then asks for evidence; approved evidence completes the check and routes', async () => {
    await register.request('PUT', '/api/v1/registers/behaviour', { mode: 'down' });
    const before = await registerCalls();
    const parentName = uniqueId('parent');
    const parent = await gateway.login('parent', parentName);
    const id = await submit(parent, {
      municipalityCode: 'GM0772',
      postcode: '5611 AB',
      household: household('single-parent', 145000, '999990081'),
    });
    const waiting = await viewWhen(parent, id, (v) => v.incomeCheck.status === 'needs-evidence', 'evidence after the retries');
    expect((await registerCalls()) - before).toBeGreaterThanOrEqual(2); // retried, not given up at once
    expect(waiting.items.every((i) => i.status === 'pending')).toBe(true); // nothing lost, nothing refused
    const checkId = waiting.incomeCheck.checkId!;

    // The parent hears about it, in their language.
    const inbox = await waitUntil(async () => {
      const r = await parent.get<{ items: { type: string }[] }>('/api/v1/me/notifications');
      return r.body.items.some((m) => m.type === 'income-needs-evidence') ? r.body.items : null;
    }, { what: 'the needs-evidence message' });
    expect(inbox.length).toBeGreaterThan(0);

    // Not a document: refused by its content, whatever its name.
    const fake = await upload(parent, checkId, Buffer.from('I earn very little, honestly'), 'payslip.pdf');
    expect(fake.status).toBe(400);
    expect(fake.body.errors[0]).toMatchObject({ pointer: '/file', code: 'unsupportedDocument' });
    // Too large: refused with the limit, nothing stored.
    const huge = Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]);
    const tooLarge = await upload(parent, checkId, huge, 'scan.png');
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.errors[0]).toMatchObject({ pointer: '/file', code: 'fileTooLarge' });
    // Someone else cannot send evidence for this check.
    const stranger = await gateway.login('parent', uniqueId('stranger'));
    expect((await upload(stranger, checkId, PNG, 'x.png')).status).toBe(404);

    const uploaded = await upload(parent, checkId, PNG, 'loonstrook.png');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ type: 'image/png', size: PNG.length, status: 'submitted' });

    // A parent may not read evidence back as a reviewer; a reviewer may, and both reads are audited.
    expect((await parent.get(`/api/v1/income-checks/${checkId}/evidence/${uploaded.body.id}/content`)).status).toBe(403);
    const reviewer = await gateway.login('admin', uniqueId('reviewer'));
    const content = await fetch(`${gateway.baseUrl}/api/v1/income-checks/${checkId}/evidence/${uploaded.body.id}/content`, {
      headers: reviewer.authHeaders(),
    });
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toContain('image/png');
    expect(Buffer.from(await content.arrayBuffer()).equals(PNG)).toBe(true);

    const reviewed = await reviewer.post(`/api/v1/income-checks/${checkId}/evidence/${uploaded.body.id}/review`, {
      decision: 'approve',
      netMonthlyIncomeCents: 140000,
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.status).toBe('approved');
    const again = await reviewer.post(`/api/v1/income-checks/${checkId}/evidence/${uploaded.body.id}/review`, { decision: 'reject', reason: 'twice' });
    expect(again.status).toBe(409);

    const done = await viewWhen(parent, id, (v) => v.items.every((i) => i.status !== 'pending'), 'routing after the evidence');
    expect(done.incomeCheck).toMatchObject({ status: 'completed', outcome: 'eligible', basis: 'evidence' });
    expect(done.items[0]).toMatchObject({ status: 'routed', fundId: 'leergeld-eindhoven' });

    const check = await parent.get(`/api/v1/income-checks/${checkId}`, { 'Accept-Language': 'nl' });
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ status: 'completed', basis: 'evidence' });
    expect(check.body.evidence).toEqual([expect.objectContaining({ id: uploaded.body.id, status: 'approved', type: 'image/png' })]);
    expect(check.body.explanation).toContain('volgens uw bewijsstukken');
    expect(JSON.stringify(check.body)).not.toContain('999990081');
  });

  it("reuses a household's valid check for its next application without asking the register again", async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const first = await submit(parent, { household: household('single-parent', 145000, '999990019') });
    const firstView = await viewWhen(parent, first, (v) => v.incomeCheck.status === 'completed', 'the first check');
    expect(firstView.incomeCheck.basis).toBe('register');
    const calls = await registerCalls();

    const second = await submit(parent, {
      household: household('single-parent', 145000, '999990019'),
      items: [{ childRef: 'c1', category: 'birthday-box', amountCents: 3500 }],
    });
    // The routed item and the check outcome come on two topics: wait for both in the parent's view.
    const secondView = await viewWhen(parent, second, (v) => v.incomeCheck.status === 'completed' && v.items.every((i) => i.status !== 'pending'), 'the second application');
    expect(secondView.incomeCheck).toMatchObject({ status: 'completed', checkId: first, basis: 'register', percentageOfNorm: 105.9 });
    expect(secondView.items[0]).toMatchObject({ status: 'routed', fundId: 'jarige-job' });
    expect(await registerCalls()).toBe(calls);
  });

  it('refuses an invalid BSN with a clear error and keeps administrators in charge of norms and limits', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const bad = await parent.post<{ errors: { pointer: string; code: string; detail: string }[] }>(
      '/api/v1/applications',
      applicationRequest({ household: household('single', 100000, '123456789') }),
      { 'Accept-Language': 'en' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: '/household/bsn', code: 'isBSN' })]);

    expect((await parent.post('/api/v1/income-checks/norms', { validFrom: '2026-01-01', single: 140000, singleParent: 140000, couple: 200000 })).status).toBe(403);
    const admin = await gateway.login('admin', uniqueId('admin'));
    const norms = await admin.get<{ items: { validFrom: string }[] }>('/api/v1/income-checks/norms');
    expect(norms.body.items.map((n) => n.validFrom)).toEqual(expect.arrayContaining(['2025-01-01', '2025-07-01']));
    const negative = await admin.put('/api/v1/income-checks/municipalities/GM0080', { name: 'Leeuwarden', incomeLimitPercent: -5, validityMonths: 12 });
    expect(negative.status).toBe(400);
  });
});
