import { ApiClient, applicationRequest, uniqueId, waitUntil } from '@fund-desk/testing';

/**
 * One application end to end, through the gateway, on the real stack: applications → Kafka →
 * income-checks → fund-routing → applications and notifications, with e-mail through SMTP.
 */
const gateway = new ApiClient(process.env.E2E_GATEWAY_URL!);

interface ApplicationView {
  id: string;
  status: string;
  incomeCheck: { status: string; eligible: boolean | null; percentageOfNorm: number | null };
  items: { id: string; childRef: string; category: string; status: string; fundId: string | null; reason: string | null }[];
  timeline: { type: string; text: string }[];
}

const settled = (a: ApplicationView) => a.items.every((i) => i.status !== 'pending');

async function submitAndSettle(parent: ApiClient, body: Record<string, unknown>): Promise<ApplicationView> {
  const submitted = await parent.post<{ id: string; status: string }>('/api/v1/applications', body);
  expect(submitted.status).toBe(202);
  expect(submitted.body.status).toBe('submitted');
  return waitUntil(
    async () => {
      const view = await parent.get<ApplicationView>(`/api/v1/applications/${submitted.body.id}`);
      return view.status === 200 && settled(view.body) ? view.body : null;
    },
    { timeoutMs: 10_000, what: 'every item routed or unroutable' },
  );
}

describe('one application, fanned out to the funds', () => {
  const email = `${uniqueId('ouder')}@example.nl`;
  let parent: ApiClient;
  let application: ApplicationView;

  beforeAll(async () => {
    parent = await gateway.login('parent', uniqueId('parent'));
    application = await submitAndSettle(
      parent,
      applicationRequest({
        children: [
          { ref: 'c1', firstName: 'Sanne', birthDate: '2016-03-14' },
          { ref: 'c2', firstName: 'Daan', birthDate: '2012-09-02' },
        ],
        items: [
          { childRef: 'c1', category: 'school-trip', amountCents: 4500, provider: { name: 'OBS De Tamarisk', iban: 'NL91ABNA0417164300' } },
          { childRef: 'c1', category: 'birthday-box', amountCents: 3500 },
          { childRef: 'c2', category: 'sports-membership', amountCents: 22000, provider: { name: 'VV Leeuwarden', iban: 'NL91ABNA0417164300' } },
          { childRef: 'c2', category: 'summer-activity', amountCents: 60000, provider: { name: 'Zomerkamp', iban: 'NL91ABNA0417164300' } },
        ],
        contact: { email, language: 'nl' },
      }),
    );
  });

  it('routes every item to the fund that fits it, within 10 seconds', () => {
    expect(application.incomeCheck).toMatchObject({ status: 'completed', eligible: true, percentageOfNorm: 105.9 });
    const byCategory = Object.fromEntries(application.items.map((i) => [i.category, i]));
    expect(byCategory['school-trip']).toMatchObject({ status: 'routed', fundId: 'leergeld-leeuwarden' });
    expect(byCategory['birthday-box']).toMatchObject({ status: 'routed', fundId: 'jarige-job' });
    expect(byCategory['sports-membership']).toMatchObject({ status: 'routed', fundId: 'jeugdfonds-sport-cultuur' });
    // €600 is more than the safety net pays per child per year, and no other fund pays a summer activity
    expect(byCategory['summer-activity']).toMatchObject({ status: 'unroutable', fundId: null });
    expect(byCategory['summer-activity'].reason).toContain('kinderhulp: amount-above-limit');
    expect(application.timeline.map((t) => t.type)).toEqual(
      expect.arrayContaining(['application.submitted', 'income-check.completed', 'fund-request.routed', 'fund-request.unroutable']),
    );
  });

  it('e-mails the parent in Dutch and writes in-app messages', async () => {
    const mails = await waitUntil(
      async () => {
        const box = await gateway.get<{ items: { subject: string; text: string; language: string }[] }>(
          `/api/v1/dev/mailbox?to=${encodeURIComponent(email)}`,
        );
        return box.body.items.length >= 6 ? box.body.items : null;
      },
      { timeoutMs: 15_000, what: 'six e-mails: received, income, three routed, one unroutable' },
    );
    const subjects = mails.map((m) => m.subject);
    expect(subjects).toEqual(expect.arrayContaining(['We hebben uw aanvraag ontvangen', 'Uw inkomen past', 'Uw aanvraag is bij Stichting Jarige Job']));
    expect(mails.every((m) => m.language === 'nl')).toBe(true);
    expect(mails.find((m) => m.subject === 'Uw aanvraag is bij Stichting Jarige Job')!.text).toContain('Sanne');

    const inbox = await parent.get<{ items: { type: string; title: string; body: string; createdAt: string; read: boolean }[] }>('/api/v1/me/notifications');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((m) => m.type)).toEqual(expect.arrayContaining(['application-received', 'income-eligible', 'request-routed', 'request-unroutable']));
    const times = inbox.body.items.map((m) => m.createdAt);
    expect([...times].sort().reverse()).toEqual(times); // newest first
    expect(inbox.body.items.every((m) => m.read === false)).toBe(true);
  });

  it("shows each fund's staff only the requests routed to their fund", async () => {
    const leergeld = await gateway.login('fund-staff', uniqueId('staff'), { fundId: 'leergeld-leeuwarden' });
    const requests = await leergeld.get<{ items: { id: string; applicationId: string; category: string; status: string; amountCents: number }[] }>(
      '/api/v1/funds/leergeld-leeuwarden/requests?limit=200',
    );
    expect(requests.status).toBe(200);
    const ours = requests.body.items.filter((r) => r.applicationId === application.id);
    expect(ours).toEqual([expect.objectContaining({ category: 'school-trip', status: 'routed', amountCents: 4500 })]);
    expect(JSON.stringify(requests.body)).not.toContain('netMonthlyIncomeCents');

    const otherFund = await leergeld.get('/api/v1/funds/jarige-job/requests');
    expect(otherFund.status).toBe(403);
    expect(otherFund.headers.get('content-type')).toContain('application/problem+json');
  });

  it('hides the application from anyone but the applicant', async () => {
    const stranger = await gateway.login('parent', uniqueId('stranger'));
    expect((await stranger.get(`/api/v1/applications/${application.id}`)).status).toBe(404);
    expect((await gateway.get(`/api/v1/applications/${application.id}`)).status).toBe(401);
    const staff = await gateway.login('fund-staff', uniqueId('staff'), { fundId: 'jarige-job' });
    expect((await staff.get(`/api/v1/applications/${application.id}`)).status).toBe(403);
  });
});

describe('income above every limit', () => {
  it('marks every item not eligible and says why in the parent language', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const application = await submitAndSettle(
      parent,
      applicationRequest({
        household: { composition: 'couple', netMonthlyIncomeCents: 300000, circumstances: [] },
        contact: { email: `${uniqueId('rich')}@example.nl`, language: 'en' },
      }),
    );
    expect(application.incomeCheck).toMatchObject({ status: 'completed', eligible: false });
    expect(application.items.every((i) => i.status === 'not-eligible' && i.fundId === null)).toBe(true);
    const view = await parent.get<ApplicationView>(`/api/v1/applications/${application.id}`, { 'Accept-Language': 'en' });
    expect(view.body.timeline.map((t) => t.text).join(' ')).toContain('above the limit');
  });

  it('lets a food-bank family still get a birthday box', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const application = await submitAndSettle(
      parent,
      applicationRequest({
        household: { composition: 'single-parent', netMonthlyIncomeCents: 190000, circumstances: ['food-bank'] },
        items: [
          { childRef: 'c1', category: 'birthday-box', amountCents: 3500 },
          { childRef: 'c1', category: 'school-trip', amountCents: 4500, provider: { name: 'OBS De Tamarisk', iban: 'NL91ABNA0417164300' } },
        ],
      }),
    );
    const byCategory = Object.fromEntries(application.items.map((i) => [i.category, i]));
    expect(byCategory['birthday-box']).toMatchObject({ status: 'routed', fundId: 'jarige-job' });
    expect(byCategory['school-trip']).toMatchObject({ status: 'unroutable' });
  });
});

describe('the public entry', () => {
  it('answers an invalid application with problem details naming every invalid field, in Dutch by default', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const body = applicationRequest({
      municipalityCode: 'GM9999',
      postcode: '123',
      household: { composition: 'alone', netMonthlyIncomeCents: -5, circumstances: [] },
      children: [{ ref: 'c1', firstName: 'Sanne', birthDate: '2099-01-01' }],
      items: [{ childRef: 'c9', category: 'yacht', amountCents: 10.5 }],
      contact: { email: 'not-an-address', language: 'nl' },
      consent: { incomeCheck: false, shareWithFunds: true },
    });
    const response = await parent.post<{ status: number; title: string; errors: { pointer: string; code: string; detail: string }[] }>(
      '/api/v1/applications',
      body,
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.title).toBe('Niet alle gegevens kloppen');
    const pointers = response.body.errors.map((e) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining([
        '/postcode',
        '/household/composition',
        '/household/netMonthlyIncomeCents',
        '/items/0/category',
        '/items/0/amountCents',
        '/contact/email',
        '/consent/incomeCheck',
      ]),
    );
    expect(response.body.errors.every((e) => e.detail.length > 0)).toBe(true);
  });

  it('reports cross-field problems (unknown municipality, child, provider, birth date) all at once, in English when asked', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const body = applicationRequest({
      municipalityCode: 'GM9999',
      children: [{ ref: 'c1', firstName: 'Sanne', birthDate: '2099-01-01' }],
      items: [{ childRef: 'c9', category: 'school-trip', amountCents: 1000 }],
    });
    const response = await parent.post<{ title: string; errors: { pointer: string; code: string }[] }>('/api/v1/applications', body, {
      'Accept-Language': 'en',
    });
    expect(response.status).toBe(400);
    expect(response.body.title).toBe('Some details are not right');
    expect(response.body.errors.map((e) => `${e.pointer} ${e.code}`)).toEqual(
      expect.arrayContaining([
        '/municipalityCode unknownMunicipality',
        '/children/0/birthDate birthDatePlausible',
        '/items/0/childRef unknownChild',
        '/items/0/provider providerRequired',
      ]),
    );
  });

  it('creates one application for a repeated submit with the same Idempotency-Key', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const key = uniqueId('key');
    const [a, b] = await Promise.all([
      parent.post<{ id: string }>('/api/v1/applications', applicationRequest(), { 'Idempotency-Key': key }),
      parent.post<{ id: string }>('/api/v1/applications', applicationRequest(), { 'Idempotency-Key': key }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.id).toBe(b.body.id);
    const mine = await parent.get<{ items: unknown[] }>('/api/v1/applications');
    expect(mine.body.items).toHaveLength(1);
  });

  it('refuses a submit without a token, and malformed JSON, with problem details', async () => {
    const anonymous = await gateway.post('/api/v1/applications', applicationRequest());
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const parent = await gateway.login('parent', uniqueId('parent'));
    const malformed = await parent.post('/api/v1/applications', '{"municipalityCode": ');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
  });

  it('issues development tokens for every role and refuses fund staff without a fund', async () => {
    for (const [role, extra] of [
      ['parent', {}],
      ['intermediary', {}],
      ['fund-staff', { fundId: 'kinderhulp' }],
      ['municipality', { municipalityCode: 'GM0080' }],
      ['admin', {}],
    ] as const) {
      const response = await gateway.post<{ accessToken: string }>('/api/v1/auth/dev-login', { role, subject: uniqueId(role), ...extra });
      expect(response.status).toBe(200);
      expect(response.body.accessToken.split('.')).toHaveLength(3);
    }
    expect((await gateway.post('/api/v1/auth/dev-login', { role: 'fund-staff', subject: 'x' })).status).toBe(400);
  });

  it('serves the portal and the whole API in one OpenAPI document', async () => {
    const portal = await fetch(`${gateway.baseUrl}/`);
    expect(portal.status).toBe(200);
    expect(await portal.text()).toContain('<html');
    const docs = await gateway.get<{ paths: Record<string, unknown> }>('/api/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/dev-login', '/api/v1/applications', '/api/v1/applications/{id}', '/api/v1/funds/{fundId}/requests', '/api/v1/me/notifications', '/api/v1/dev/mailbox']),
    );
    expect((await fetch(`${gateway.baseUrl}/api/docs`)).status).toBe(200);
  });
});
