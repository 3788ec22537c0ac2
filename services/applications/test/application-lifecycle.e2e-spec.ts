import { ApiClient, applicationRequest, uniqueId, uniquePostcode, useIsolatedFund, waitUntil } from '@fund-desk/testing';

/**
 * The applicant's side from draft to every item's end: validation of every rule, drafts, adding and
 * withdrawing needs, objecting to a decline, an intermediary with the parent's consent, the household's
 * data to download and to erase.
 */
const gateway = new ApiClient(process.env.E2E_GATEWAY_URL!);

interface Item {
  id: string;
  childRef: string;
  category: string;
  status: string;
  fundId: string | null;
  nextStep?: string;
  objectionUntil?: string;
}
interface View {
  id: string;
  status: string;
  items: Item[];
  timeline: { type: string; text: string }[];
  consent: { parent?: { name: string; method: string }; withdrawnAt?: string };
  appliedBy: string;
}

const provider = { name: 'OBS De Tamarisk', iban: 'NL91ABNA0417164300' };
type Problem = { errors: { pointer: string; code: string }[] };

async function settled(client: ApiClient, id: string, done: (v: View) => boolean, what: string): Promise<View> {
  return waitUntil(
    async () => {
      const r = await client.get<View>(`/api/v1/applications/${id}`);
      return r.status === 200 && done(r.body) ? r.body : null;
    },
    { what },
  );
}

describe('validation: every rule, a bad value and a good one', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['postcode', { postcode: '0123 AB' }, '/postcode', 'matches'],
    ['postcode SS (not used)', { postcode: '1234 SS' }, '/postcode', 'matches'],
    ['municipality code', { municipalityCode: 'GM0363' }, '/municipalityCode', 'unknownMunicipality'],
    ['birth date in the future', { children: [{ ref: 'c1', firstName: 'Sanne', birthDate: '2099-01-01' }] }, '/children/0/birthDate', 'birthDatePlausible'],
    ['birth date of a 30-year-old', { children: [{ ref: 'c1', firstName: 'Sanne', birthDate: '1996-01-01' }] }, '/children/0/birthDate', 'birthDatePlausible'],
    ['amount zero', { items: [{ childRef: 'c1', category: 'school-trip', amountCents: 0, provider }] }, '/items/0/amountCents', 'min'],
    ['amount not whole cents', { items: [{ childRef: 'c1', category: 'school-trip', amountCents: 45.5, provider }] }, '/items/0/amountCents', 'isInt'],
    ['provider IBAN', { items: [{ childRef: 'c1', category: 'school-trip', amountCents: 4500, provider: { name: 'OBS', iban: 'NL91ABNA0417164301' } }] }, '/items/0/provider/iban', 'isIBAN'],
    [
      'an item per child',
      { children: [{ ref: 'c1', firstName: 'Sanne', birthDate: '2016-03-14' }, { ref: 'c2', firstName: 'Daan', birthDate: '2014-03-14' }] },
      '/children/1',
      'childWithoutItem',
    ],
    ['consent', { consent: { incomeCheck: true, shareWithFunds: false } }, '/consent/shareWithFunds', 'equals'],
    ['contact e-mail', { contact: { email: 'ouder-at-example.nl', language: 'nl' } }, '/contact/email', 'isEmail'],
    ['contact mobile number', { contact: { email: 'ouder@example.nl', language: 'nl', phone: '12345' } }, '/contact/phone', 'matches'],
  ];

  it.each(cases)('%s: refused with a pointer to the field', async (_what, overrides, pointer, code) => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const response = await parent.post<Problem>('/api/v1/applications', applicationRequest(overrides));
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e) => `${e.pointer} ${e.code}`)).toContain(`${pointer} ${code}`);
  });

  it('accepts the good values: a postcode without space, whole cents, a valid IBAN, a mobile number, one item per child', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const response = await parent.post('/api/v1/applications', {
      ...applicationRequest({
        postcode: uniquePostcode().replace(' ', '').toLowerCase(),
        children: [
          { ref: 'c1', firstName: 'Sanne', birthDate: '2016-03-14' },
          { ref: 'c2', firstName: 'Daan', birthDate: '2006-01-01' },
        ],
        items: [
          { childRef: 'c1', category: 'school-trip', amountCents: 4501, provider: { name: 'OBS', iban: 'nl91 abna 0417 1643 00' } },
          { childRef: 'c2', category: 'sports-membership', amountCents: 1, provider },
        ],
        contact: { email: 'ouder@example.nl', language: 'en', phone: '06 1234 5678' },
      }),
    });
    expect(response.status).toBe(202);
  });

  it('lists every problem at once', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const response = await parent.post<Problem>(
      '/api/v1/applications',
      applicationRequest({ postcode: 'x', municipalityCode: 'GM0363', contact: { email: 'no', language: 'nl' }, consent: { incomeCheck: false, shareWithFunds: true } }),
    );
    expect(response.body.errors.map((e) => e.pointer)).toEqual(expect.arrayContaining(['/postcode', '/contact/email', '/consent/incomeCheck']));
  });
});

describe('drafts, the household kept, adding and withdrawing needs', () => {
  it('saves a draft, resumes it, lists every problem at submit, submits once, and starts the next one from the household', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const started = await parent.post<{ id: string; content: Record<string, unknown> }>('/api/v1/applications/drafts', {});
    expect(started.status).toBe(201);
    expect(started.body.content).toEqual({}); // nothing known of this parent yet
    const partial = { municipalityCode: 'GM0080', children: [{ ref: 'c1', firstName: 'Sanne', birthDate: '2016-03-14' }] };
    expect((await parent.put(`/api/v1/applications/drafts/${started.body.id}`, partial)).status).toBe(200);
    const resumed = await parent.get<{ content: Record<string, unknown> }>(`/api/v1/applications/drafts/${started.body.id}`);
    expect(resumed.body.content).toEqual(partial);
    const stranger = await gateway.login('parent', uniqueId('stranger'));
    expect((await stranger.get(`/api/v1/applications/drafts/${started.body.id}`)).status).toBe(404);

    const incomplete = await parent.post<Problem>(`/api/v1/applications/drafts/${started.body.id}/submit`);
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.errors.map((e) => e.pointer)).toEqual(expect.arrayContaining(['/postcode', '/household', '/items', '/contact', '/consent']));

    const complete = applicationRequest({ children: partial.children });
    await parent.put(`/api/v1/applications/drafts/${started.body.id}`, complete);
    const [first, second] = await Promise.all([
      parent.post<{ id: string }>(`/api/v1/applications/drafts/${started.body.id}/submit`),
      parent.post<{ id: string }>(`/api/v1/applications/drafts/${started.body.id}/submit`),
    ]);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body.id).toBe(first.body.id);
    expect((await parent.get<{ items: unknown[] }>('/api/v1/applications')).body.items).toHaveLength(1);
    expect((await parent.put(`/api/v1/applications/drafts/${started.body.id}`, complete)).status).toBe(409);

    // Next season: the household is there, without income or BSN.
    const household = await parent.get<Record<string, unknown>>('/api/v1/applications/me/household');
    expect(household.body).toMatchObject({ postcode: complete.postcode, children: [{ ref: 'c1', firstName: 'Sanne', birthDate: '2016-03-14' }] });
    expect(JSON.stringify(household.body)).not.toMatch(/netMonthlyIncome|bsn/i);
    const next = await parent.post<{ content: { children: unknown[]; items: unknown[]; postcode: string } }>('/api/v1/applications/drafts');
    expect(next.body.content).toMatchObject({ postcode: complete.postcode, children: [{ firstName: 'Sanne' }], items: [] });
  });

  it('adds a need to an open application and routes it; withdraws one; another person cannot', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const submitted = await parent.post<{ id: string }>('/api/v1/applications', applicationRequest());
    const id = submitted.body.id;
    await settled(parent, id, (v) => v.items.every((i) => i.status === 'routed'), 'the first item routed');
    const added = await parent.post<View>(`/api/v1/applications/${id}/items`, {
      children: [{ ref: 'c2', firstName: 'Daan', birthDate: '2013-02-01' }],
      items: [{ childRef: 'c2', category: 'bicycle', amountCents: 20000, provider }],
    });
    expect(added.status).toBe(202);
    const bad = await parent.post<Problem>(`/api/v1/applications/${id}/items`, { items: [{ childRef: 'c7', category: 'laptop', amountCents: 100 }] });
    expect(bad.body.errors.map((e) => `${e.pointer} ${e.code}`)).toEqual(expect.arrayContaining(['/items/0/childRef unknownChild', '/items/0/provider providerRequired']));
    const view = await settled(parent, id, (v) => v.items.length === 2 && v.items.every((i) => i.status === 'routed'), 'the added item routed');
    const bicycle = view.items.find((i) => i.category === 'bicycle')!;
    expect(bicycle.fundId).toBe('leergeld-leeuwarden');

    const stranger = await gateway.login('parent', uniqueId('stranger'));
    expect((await stranger.post(`/api/v1/applications/${id}/items/${bicycle.id}/withdraw`)).status).toBe(404);
    const withdrawn = await parent.post<View>(`/api/v1/applications/${id}/items/${bicycle.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.items.find((i) => i.id === bicycle.id)?.status).toBe('withdrawn');
    expect((await parent.post(`/api/v1/applications/${id}/items/${bicycle.id}/withdraw`)).status).toBe(409);
    const whole = await parent.post<View>(`/api/v1/applications/${id}/withdraw`);
    expect(whole.body.status).toBe('withdrawn');
    expect(whole.body.items.every((i) => i.status === 'withdrawn')).toBe(true);
    expect(whole.body.timeline.map((t) => t.type)).toEqual(expect.arrayContaining(['application.items-added', 'application.withdrawn']));
  });
});

describe('withdrawing after routing releases the fund’s reservation (through Kafka)', () => {
  // A fund of its own (swimming lessons for 18- to 20-year-olds in Leeuwarden), so only this test moves its budget.
  const { fundId } = useIsolatedFund(gateway, 'zwemfonds', { name: 'Zwemfonds Test', municipality: 'GM0080', category: 'swimming-lessons', minAge: 18, maxAge: 20 });

  it('gives the amount back to the fund', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const staff = await gateway.login('fund-staff', uniqueId('staff'), { fundId });
    const budget = async () => (await staff.get<{ reservedCents: number }>(`/api/v1/funds/${fundId}/budget`)).body.reservedCents;
    const submitted = await parent.post<{ id: string }>(
      '/api/v1/applications',
      applicationRequest({
        children: [{ ref: 'c1', firstName: 'Mees', birthDate: '2007-06-01' }],
        items: [{ childRef: 'c1', category: 'swimming-lessons', amountCents: 32_100, provider: { name: 'Zwembad De Blinkert', iban: 'NL20INGB0001234567' } }],
      }),
    );
    const routed = await settled(parent, submitted.body.id, (v) => v.items[0].status === 'routed', 'routed to the test fund');
    expect(routed.items[0].fundId).toBe(fundId);
    const reserved = await budget();
    await parent.post(`/api/v1/applications/${submitted.body.id}/items/${routed.items[0].id}/withdraw`);
    await waitUntil(async () => (reserved - (await budget()) === 32_100 ? true : null), { what: 'the reservation released' });
    const queue = await staff.get<{ items: { id: string; status: string }[] }>(`/api/v1/funds/${fundId}/requests?limit=200`);
    expect(queue.body.items.find((r) => r.id === routed.items[0].id)?.status).toBe('withdrawn');
  });
});

describe('objecting to a decline', () => {
  it('reopens the request at the fund that declined it, within 6 weeks, once', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    // A birthday box: only Jarige Job pays it, so a decline is for good.
    const submitted = await parent.post<{ id: string }>('/api/v1/applications', applicationRequest({ items: [{ childRef: 'c1', category: 'birthday-box', amountCents: 3500 }] }));
    const routed = await settled(parent, submitted.body.id, (v) => v.items[0].status === 'routed', 'routed');
    const itemId = routed.items[0].id;
    expect((await parent.post(`/api/v1/applications/${submitted.body.id}/items/${itemId}/objection`, { reason: 'Er is nog niets besloten' })).status).toBe(409);
    const jarigeJob = await gateway.login('fund-staff', uniqueId('staff'), { fundId: 'jarige-job' });
    expect((await jarigeJob.post(`/api/v1/funds/jarige-job/requests/${itemId}/decision`, { decision: 'decline', reasonCode: 'incomplete', message: 'Geen adres' })).status).toBe(200);
    const declined = await settled(parent, submitted.body.id, (v) => v.items[0].status === 'declined', 'declined');
    expect(declined.items[0].objectionUntil).toBeDefined();
    expect((await parent.post<Problem>(`/api/v1/applications/${submitted.body.id}/items/${itemId}/objection`, { reason: 'x' })).status).toBe(400); // too short
    const objected = await parent.post<View>(`/api/v1/applications/${submitted.body.id}/items/${itemId}/objection`, { reason: 'Het adres staat er nu wel in: Dorpsstraat 1' });
    expect(objected.status).toBe(200);
    expect(objected.body.items[0]).toMatchObject({ status: 'routed', fundId: 'jarige-job' });
    expect((await parent.post(`/api/v1/applications/${submitted.body.id}/items/${itemId}/objection`, { reason: 'Nog een keer bezwaar' })).status).toBe(409);
    await waitUntil(
      async () => {
        const r = await jarigeJob.get<{ status: string }>(`/api/v1/funds/jarige-job/requests/${itemId}`);
        return r.body.status === 'routed' ? true : null;
      },
      { what: 'the request back in Jarige Job’s queue' },
    );
  });
});

describe('an intermediary with the parent’s consent', () => {
  it('records the consent, shows the application to the parent, and stops it when the parent withdraws consent', async () => {
    const teacher = await gateway.login('intermediary', uniqueId('teacher'), { municipalityCode: 'GM0080' });
    const parentAccount = uniqueId('parent');
    const noConsent = await teacher.post<Problem>('/api/v1/applications', applicationRequest());
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.errors.map((e) => e.pointer)).toContain('/consent/parent');
    const consent = { incomeCheck: true, shareWithFunds: true, parent: { name: 'M. de Vries', method: 'signed-form', givenOn: new Date().toISOString().slice(0, 10), account: parentAccount } };
    const submitted = await teacher.post<{ id: string }>('/api/v1/applications', applicationRequest({ consent }));
    expect(submitted.status).toBe(202);
    const id = submitted.body.id;

    const parent = await gateway.login('parent', parentAccount);
    const seen = await parent.get<View>(`/api/v1/applications/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ appliedBy: 'intermediary', consent: { parent: { name: 'M. de Vries', method: 'signed-form' } } });
    expect((await parent.get<{ items: { id: string }[] }>('/api/v1/applications')).body.items.map((a) => a.id)).toContain(id);
    // Others see nothing: another teacher, another parent.
    const otherTeacher = await gateway.login('intermediary', uniqueId('teacher'), { municipalityCode: 'GM0080' });
    expect((await otherTeacher.get(`/api/v1/applications/${id}`)).status).toBe(404);
    expect((await otherTeacher.get<{ items: { id: string }[] }>('/api/v1/applications')).body.items.map((a) => a.id)).not.toContain(id);
    expect((await (await gateway.login('parent', uniqueId('other'))).get(`/api/v1/applications/${id}`)).status).toBe(404);
    // Only the one who applied changes it; the parent may stop it by withdrawing consent.
    expect((await parent.post(`/api/v1/applications/${id}/withdraw`)).status).toBe(403);
    const stopped = await parent.post<View>(`/api/v1/applications/${id}/consent/withdraw`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.status).toBe('withdrawn');
    expect(stopped.body.consent.withdrawnAt).toBeDefined();
    expect((await teacher.get<View>(`/api/v1/applications/${id}`)).body.status).toBe('withdrawn');
  });
});

describe("the household's data", () => {
  it('downloads everything kept, and after erasure no service returns it', async () => {
    const subject = uniqueId('parent');
    const parent = await gateway.login('parent', subject);
    const email = `${uniqueId('erase')}@example.nl`;
    const submitted = await parent.post<{ id: string }>(
      '/api/v1/applications',
      applicationRequest({ children: [{ ref: 'c1', firstName: 'Fenna', birthDate: '2015-05-05' }], contact: { email, language: 'nl' } }),
    );
    const routed = await settled(parent, submitted.body.id, (v) => v.items[0].status === 'routed', 'routed');
    await waitUntil(async () => ((await parent.get<{ items: unknown[] }>('/api/v1/me/notifications')).body.items.length ? true : null), { what: 'a message in the inbox' });

    const exported = await parent.get<{ household: { children: { firstName: string }[] }; applications: { id: string }[] }>('/api/v1/applications/me/export');
    expect(exported.status).toBe(200);
    expect(exported.body.household.children[0].firstName).toBe('Fenna');
    expect(exported.body.applications.map((a) => a.id)).toEqual([submitted.body.id]);

    expect((await parent.post('/api/v1/applications/me/erasure')).status).toBe(202);
    expect((await parent.get(`/api/v1/applications/${submitted.body.id}`)).status).toBe(404);
    expect((await parent.get<{ items: unknown[] }>('/api/v1/applications')).body.items).toEqual([]);
    expect((await parent.get('/api/v1/applications/me/household')).status).toBe(404);
    const after = await parent.get<{ household: unknown; applications: unknown[] }>('/api/v1/applications/me/export');
    expect(after.body).toMatchObject({ household: null, applications: [] });
    // Other services follow the erasure event.
    await waitUntil(async () => ((await parent.get<{ items: unknown[] }>('/api/v1/me/notifications')).body.items.length === 0 ? true : null), { what: 'the inbox emptied' });
    const staff = await gateway.login('fund-staff', uniqueId('staff'), { fundId: routed.items[0].fundId! });
    await waitUntil(
      async () => {
        const r = await staff.get<{ childFirstName: string; status: string }>(`/api/v1/funds/${routed.items[0].fundId}/requests/${routed.items[0].id}`);
        return r.status === 200 && !r.body.childFirstName.includes('Fenna') && r.body.status === 'withdrawn' ? true : null;
      },
      { what: 'the fund no longer shows the child, and the request stopped' },
    );
  });
});
