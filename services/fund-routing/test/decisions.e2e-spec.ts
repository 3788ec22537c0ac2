import { ApiClient, applicationRequest, uniqueId, waitUntil } from '@fund-desk/testing';

/** Fund staff decide and fulfil through the gateway; a decline moves the item on to the next fund. */
const gateway = new ApiClient(process.env.E2E_GATEWAY_URL!);

interface View {
  items: { id: string; category: string; status: string; fundId: string | null; reason: string | null }[];
}

const staff = (fundId: string) => gateway.login('fund-staff', uniqueId('staff'), { fundId });

async function routedApplication() {
  const parent = await gateway.login('parent', uniqueId('parent'));
  const submitted = await parent.post<{ id: string }>(
    '/api/v1/applications',
    applicationRequest({
      items: [
        { childRef: 'c1', category: 'school-trip', amountCents: 4500, provider: { name: 'OBS De Tamarisk', iban: 'NL91ABNA0417164300' } },
        { childRef: 'c1', category: 'birthday-box', amountCents: 3500 },
      ],
    }),
  );
  const view = await waitUntil(
    async () => {
      const r = await parent.get<View>(`/api/v1/applications/${submitted.body.id}`);
      return r.body.items.every((i) => i.status === 'routed') ? r.body : null;
    },
    { what: 'both items routed' },
  );
  const trip = view.items.find((i) => i.category === 'school-trip')!;
  return { parent, applicationId: submitted.body.id, tripId: trip.id };
}

const itemStatus = (parent: ApiClient, applicationId: string, itemId: string, wanted: (i: View['items'][number]) => boolean, what: string) =>
  waitUntil(
    async () => {
      const r = await parent.get<View>(`/api/v1/applications/${applicationId}`);
      const item = r.body.items.find((i) => i.id === itemId)!;
      return wanted(item) ? item : null;
    },
    { what },
  );

describe('fund staff decisions', () => {
  it('approves once (a second decision is a conflict), then records fulfilment; the parent sees each step', async () => {
    const { parent, applicationId, tripId } = await routedApplication();
    const leergeld = await staff('leergeld-leeuwarden');

    const notYet = await leergeld.post(`/api/v1/funds/leergeld-leeuwarden/requests/${tripId}/fulfilment`, { method: 'provider-paid' });
    expect(notYet.status).toBe(409);

    const approved = await leergeld.post(`/api/v1/funds/leergeld-leeuwarden/requests/${tripId}/decision`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: tripId, status: 'approved', fundId: 'leergeld-leeuwarden' });
    const again = await leergeld.post(`/api/v1/funds/leergeld-leeuwarden/requests/${tripId}/decision`, { decision: 'decline', reasonCode: 'other' });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    await itemStatus(parent, applicationId, tripId, (i) => i.status === 'approved', 'the approval in the parent view');

    // The queue filters: approved school trips, oldest first; an unknown status is a clear 400.
    const approvedTrips = await leergeld.get<{ items: { id: string; status: string; category: string }[] }>(
      '/api/v1/funds/leergeld-leeuwarden/requests?status=approved&category=school-trip&order=oldest&limit=200',
    );
    expect(approvedTrips.status).toBe(200);
    expect(approvedTrips.body.items.map((r) => r.id)).toContain(tripId);
    expect(approvedTrips.body.items.every((r) => r.status === 'approved' && r.category === 'school-trip')).toBe(true);
    const routedOnly = await leergeld.get<{ items: { id: string }[] }>('/api/v1/funds/leergeld-leeuwarden/requests?status=routed&limit=200');
    expect(routedOnly.body.items.map((r) => r.id)).not.toContain(tripId);
    const bogus = await leergeld.get<{ errors: { pointer: string }[] }>('/api/v1/funds/leergeld-leeuwarden/requests?status=maybe', { 'Accept-Language': 'en' });
    expect(bogus.status).toBe(400);
    expect(bogus.body.errors[0].pointer).toBe('/status');

    const budgetBefore = await leergeld.get<{ allocatedCents: number; reservedCents: number; spentCents: number; leftCents: number }>(
      '/api/v1/funds/leergeld-leeuwarden/budget',
    );
    expect(budgetBefore.status).toBe(200);
    const fulfilled = await leergeld.post(`/api/v1/funds/leergeld-leeuwarden/requests/${tripId}/fulfilment`, { method: 'provider-paid', reference: 'BATCH-2026-11-001' });
    expect(fulfilled.status).toBe(200);
    expect(fulfilled.body.status).toBe('fulfilled');
    await itemStatus(parent, applicationId, tripId, (i) => i.status === 'fulfilled', 'fulfilment in the parent view');
    const budgetAfter = await leergeld.get<{ allocatedCents: number; reservedCents: number; spentCents: number; leftCents: number }>(
      '/api/v1/funds/leergeld-leeuwarden/budget',
    );
    expect(budgetAfter.body.spentCents - budgetBefore.body.spentCents).toBe(4500);
    const b = budgetAfter.body;
    expect(b.reservedCents + b.spentCents + b.leftCents).toBe(b.allocatedCents);
    expect((await (await staff('kinderhulp')).get('/api/v1/funds/leergeld-leeuwarden/budget')).status).toBe(403);

    const inbox = await waitUntil(async () => {
      const r = await parent.get<{ items: { type: string }[] }>('/api/v1/me/notifications');
      const types = r.body.items.map((m) => m.type);
      return types.includes('request-approved') && types.includes('request-fulfilled') ? types : null;
    }, { what: 'approval and fulfilment messages' });
    expect(inbox).toEqual(expect.arrayContaining(['request-approved', 'request-fulfilled']));
  });

  it('lets only one of several simultaneous decisions win; the others get 409', async () => {
    const { tripId } = await routedApplication();
    const team = await Promise.all(Array.from({ length: 6 }, () => staff('leergeld-leeuwarden')));
    const results = await Promise.all(
      team.map((member, i) =>
        member.post(
          `/api/v1/funds/leergeld-leeuwarden/requests/${tripId}/decision`,
          i % 2 ? { decision: 'approve' } : { decision: 'decline', reasonCode: 'duplicate' },
        ),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
  });

  it('moves a declined item on to the next fund that fits, and declines it for good when none is left', async () => {
    const { parent, applicationId, tripId } = await routedApplication();
    const leergeld = await staff('leergeld-leeuwarden');
    const other = await staff('jarige-job');
    expect((await other.post(`/api/v1/funds/leergeld-leeuwarden/requests/${tripId}/decision`, { decision: 'approve' })).status).toBe(403);
    const missingReason = await leergeld.post(`/api/v1/funds/leergeld-leeuwarden/requests/${tripId}/decision`, { decision: 'decline' });
    expect(missingReason.status).toBe(400);
    expect(missingReason.body.errors[0]).toMatchObject({ pointer: '/reasonCode' });

    const declined = await leergeld.post(`/api/v1/funds/leergeld-leeuwarden/requests/${tripId}/decision`, {
      decision: 'decline',
      reasonCode: 'over-annual-limit',
      message: 'Dit kind heeft dit jaar al een schoolreis van ons gehad.',
    });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', fundId: 'kinderhulp' });
    await itemStatus(parent, applicationId, tripId, (i) => i.status === 'routed' && i.fundId === 'kinderhulp', 'the reroute in the parent view');

    const kinderhulp = await staff('kinderhulp');
    const queue = await kinderhulp.get<{ items: { id: string; status: string }[] }>('/api/v1/funds/kinderhulp/requests?limit=200');
    expect(queue.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: tripId, status: 'routed' })]));
    const leergeldQueue = await leergeld.get<{ items: { id: string }[] }>('/api/v1/funds/leergeld-leeuwarden/requests?limit=200');
    expect(leergeldQueue.body.items.map((r) => r.id)).not.toContain(tripId);

    const finalDecline = await kinderhulp.post(`/api/v1/funds/kinderhulp/requests/${tripId}/decision`, { decision: 'decline', reasonCode: 'budget-exhausted' });
    expect(finalDecline.body).toMatchObject({ status: 'declined', fundId: 'kinderhulp' });
    const item = await itemStatus(parent, applicationId, tripId, (i) => i.status === 'declined', 'the final decline');
    expect(item.reason).toBe('budget-exhausted');

    const types = await waitUntil(async () => {
      const r = await parent.get<{ items: { type: string }[] }>('/api/v1/me/notifications');
      const t = r.body.items.map((m) => m.type);
      return t.filter((x) => x === 'request-declined').length === 2 && t.includes('request-rerouted') ? t : null;
    }, { what: 'two decline messages and a reroute message' });
    expect(types).toEqual(expect.arrayContaining(['request-declined', 'request-rerouted']));
  });

  it('asks the applicant a question', async () => {
    const { parent, applicationId, tripId } = await routedApplication();
    const leergeld = await staff('leergeld-leeuwarden');
    const asked = await leergeld.post(`/api/v1/funds/leergeld-leeuwarden/requests/${tripId}/decision`, {
      decision: 'request-information',
      message: 'Wat kost de schoolreis precies?',
    });
    expect(asked.status).toBe(200);
    expect(asked.body.status).toBe('information-requested');
    const item = await itemStatus(parent, applicationId, tripId, (i) => i.status === 'information-requested', 'the question in the parent view');
    expect(item.reason).toBe('Wat kost de schoolreis precies?');
  });

  it('waits for an intermediary of the family municipality before a fund that needs an endorsement may approve', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const submitted = await parent.post<{ id: string }>(
      '/api/v1/applications',
      applicationRequest({
        items: [{ childRef: 'c1', category: 'sports-membership', amountCents: 22_000, provider: { name: 'VV Leeuwarden', iban: 'NL91ABNA0417164300' } }],
      }),
    );
    const view = await waitUntil(async () => {
      const r = await parent.get<View>(`/api/v1/applications/${submitted.body.id}`);
      return r.body.items[0].status === 'routed' ? r.body : null;
    }, { what: 'the sports request routed' });
    const requestId = view.items[0].id;
    const jeugdfonds = await staff('jeugdfonds-sport-cultuur');
    const queue = await jeugdfonds.get<{ items: { id: string; endorsementRequired: boolean }[] }>('/api/v1/funds/jeugdfonds-sport-cultuur/requests?limit=200');
    expect(queue.body.items.find((r) => r.id === requestId)).toMatchObject({ endorsementRequired: true });

    const tooEarly = await jeugdfonds.post(`/api/v1/funds/jeugdfonds-sport-cultuur/requests/${requestId}/decision`, { decision: 'approve' });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.code).toBe('ENDORSEMENT_REQUIRED');

    const elsewhere = await gateway.login('intermediary', uniqueId('coach'), { municipalityCode: 'GM0772' });
    expect((await elsewhere.post(`/api/v1/funds/jeugdfonds-sport-cultuur/requests/${requestId}/endorsement`)).status).toBe(403);
    const coach = await gateway.login('intermediary', uniqueId('coach'), { municipalityCode: 'GM0080' });
    const endorsed = await coach.post(`/api/v1/funds/jeugdfonds-sport-cultuur/requests/${requestId}/endorsement`);
    expect(endorsed.status).toBe(200);
    expect((await coach.post(`/api/v1/funds/jeugdfonds-sport-cultuur/requests/${requestId}/endorsement`)).status).toBe(409);

    const approved = await jeugdfonds.post(`/api/v1/funds/jeugdfonds-sport-cultuur/requests/${requestId}/decision`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
  });
});

describe("the fund's audit of staff reads", () => {
  it("records who read which request, when and from where, for the fund's administrator only", async () => {
    const { tripId } = await routedApplication();
    const reader = uniqueId('reader');
    const leergeld = await gateway.login('fund-staff', reader, { fundId: 'leergeld-leeuwarden' });
    const before = Date.now();
    expect((await leergeld.get(`/api/v1/funds/leergeld-leeuwarden/requests/${tripId}`)).status).toBe(200);

    const administrator = await gateway.login('fund-staff', uniqueId('fund-admin'), { fundId: 'leergeld-leeuwarden', fundAdmin: true });
    const trail = await administrator.get<{ items: { at: string; reader: string; action: string; requestId: string; from?: string }[] }>('/api/v1/funds/leergeld-leeuwarden/audit');
    expect(trail.status).toBe(200);
    const read = trail.body.items.find((e) => e.reader === reader);
    expect(read).toMatchObject({ action: 'fund-request.read', requestId: tripId, from: expect.stringMatching(/127\.0\.0\.1/) });
    expect(Date.parse(read!.at)).toBeGreaterThanOrEqual(before - 1000);

    // Not the other staff of the fund, not another fund's administrator.
    expect((await leergeld.get('/api/v1/funds/leergeld-leeuwarden/audit')).status).toBe(403);
    const otherAdmin = await gateway.login('fund-staff', uniqueId('fund-admin'), { fundId: 'kinderhulp', fundAdmin: true });
    expect((await otherAdmin.get('/api/v1/funds/leergeld-leeuwarden/audit')).status).toBe(403);
  });
});
