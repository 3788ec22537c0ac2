import { ApiClient, applicationRequest, uniqueId } from '@fund-desk/testing';

/**
 * Intermediaries linked to the families they help: the intermediary asks, only the named parent confirms, and
 * from then on the intermediary sees the family's own applications and applies on the family's behalf; once the
 * link ends, only what the intermediary applied for stays theirs to see.
 */
const gateway = new ApiClient(process.env.E2E_GATEWAY_URL!);

interface Link {
  id: string;
  intermediary: string;
  organisation?: string;
  parent: string;
  status: string;
  endedBy?: string;
}
interface View {
  id: string;
  appliedBy: string;
  onBehalfOf?: string;
  timeline: { type: string; text: string }[];
}

const english = { 'Accept-Language': 'en' };
const today = () => new Date().toISOString().slice(0, 10);
const consentFor = (account: string) => ({ incomeCheck: true, shareWithFunds: true, parent: { name: 'M. de Vries', method: 'signed-form', givenOn: today(), account } });

async function applicationIds(client: ApiClient): Promise<string[]> {
  const response = await client.get<{ items: { id: string }[] }>('/api/v1/applications');
  expect(response.status).toBe(200);
  return response.body.items.map((a) => a.id);
}

describe('an intermediary linked to a family, the family confirms', () => {
  it('shares the family’s file once the named parent confirms, records what the intermediary does on the family’s behalf, and stops sharing when the parent ends it', async () => {
    const teacher = await gateway.login('intermediary', uniqueId('teacher'), { municipalityCode: 'GM0080', organisation: 'OBS De Tamarisk' });
    const parentAccount = uniqueId('parent');
    const parent = await gateway.login('parent', parentAccount);
    const own = await parent.post<{ id: string }>('/api/v1/applications', applicationRequest());
    expect(own.status).toBe(202);
    expect((await teacher.get(`/api/v1/applications/${own.body.id}`)).status).toBe(404);

    const asked = await teacher.post<Link>('/api/v1/family-links', { parentAccount });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ parent: parentAccount, organisation: 'OBS De Tamarisk', status: 'requested' });
    // Asking again returns the same link.
    expect((await teacher.post<Link>('/api/v1/family-links', { parentAccount })).body.id).toBe(asked.body.id);
    expect((await parent.get<{ items: Link[] }>('/api/v1/family-links')).body.items).toEqual([expect.objectContaining({ id: asked.body.id, status: 'requested' })]);

    // Only the named parent confirms: another parent is told nothing, the intermediary may not.
    const stranger = await gateway.login('parent', uniqueId('stranger'));
    expect((await stranger.post(`/api/v1/family-links/${asked.body.id}/confirm`)).status).toBe(404);
    expect((await stranger.get<{ items: Link[] }>('/api/v1/family-links')).body.items).toEqual([]);
    expect((await teacher.post(`/api/v1/family-links/${asked.body.id}/confirm`)).status).toBe(403);
    const confirmed = await parent.post<Link>(`/api/v1/family-links/${asked.body.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('confirmed');

    // The intermediary now sees the parent's own application; another intermediary does not.
    expect((await teacher.get(`/api/v1/applications/${own.body.id}`)).status).toBe(200);
    expect(await applicationIds(teacher)).toContain(own.body.id);
    const otherTeacher = await gateway.login('intermediary', uniqueId('teacher'), { municipalityCode: 'GM0080' });
    expect((await otherTeacher.get(`/api/v1/applications/${own.body.id}`)).status).toBe(404);
    // Seeing is not changing: only the one who applied changes an application.
    expect((await teacher.post(`/api/v1/applications/${own.body.id}/withdraw`)).status).toBe(403);

    // Applying for the linked family is recorded as done on the family's behalf, and the parent sees it.
    const forFamily = await teacher.post<{ id: string }>('/api/v1/applications', applicationRequest({ consent: consentFor(parentAccount) }));
    expect(forFamily.status).toBe(202);
    const seenByParent = await parent.get<View>(`/api/v1/applications/${forFamily.body.id}`, english);
    expect(seenByParent.status).toBe(200);
    expect(seenByParent.body).toMatchObject({ appliedBy: 'intermediary', onBehalfOf: parentAccount });
    expect(seenByParent.body.timeline[0]).toMatchObject({ type: 'application.submitted', text: expect.stringContaining('(OBS De Tamarisk) made this application on behalf of your family') });
    expect(await applicationIds(parent)).toContain(forFamily.body.id);

    // The parent ends the link: their own application is no longer the intermediary's to see, what the intermediary applied for still is.
    const ended = await parent.post<Link>(`/api/v1/family-links/${asked.body.id}/end`);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'ended', endedBy: parentAccount });
    expect([403, 404]).toContain((await teacher.get(`/api/v1/applications/${own.body.id}`)).status);
    const teacherSees = await applicationIds(teacher);
    expect(teacherSees).not.toContain(own.body.id);
    expect(teacherSees).toContain(forFamily.body.id);
    expect((await teacher.get(`/api/v1/applications/${forFamily.body.id}`)).status).toBe(200);

    // A new request after the end is a new link; the ended one stays as it was.
    const again = await teacher.post<Link>('/api/v1/family-links', { parentAccount });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(asked.body.id);
    expect((await teacher.get<{ items: Link[] }>('/api/v1/family-links')).body.items.map((l) => [l.id, l.status])).toEqual([
      [again.body.id, 'requested'],
      [asked.body.id, 'ended'],
    ]);
  });

  it('keeps the paper consent as it was while the family has not confirmed: no "on behalf of"', async () => {
    const teacher = await gateway.login('intermediary', uniqueId('teacher'), { municipalityCode: 'GM0080', organisation: 'OBS De Tamarisk' });
    const parentAccount = uniqueId('parent');
    expect((await teacher.post('/api/v1/family-links', { parentAccount })).status).toBe(201); // asked, not confirmed
    const submitted = await teacher.post<{ id: string }>('/api/v1/applications', applicationRequest({ consent: consentFor(parentAccount) }));
    expect(submitted.status).toBe(202);
    const seen = await (await gateway.login('parent', parentAccount)).get<View>(`/api/v1/applications/${submitted.body.id}`, english);
    expect(seen.status).toBe(200);
    expect(seen.body.onBehalfOf).toBeUndefined();
    expect(seen.body.timeline[0].text).toBe('We received your application. We are now checking your income.');
  });

  it('refuses a request without a parent account, and from a parent', async () => {
    const teacher = await gateway.login('intermediary', uniqueId('teacher'), { municipalityCode: 'GM0080' });
    const missing = await teacher.post<{ errors: { pointer: string }[] }>('/api/v1/family-links', {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e) => e.pointer)).toContain('/parentAccount');
    const parent = await gateway.login('parent', uniqueId('parent'));
    expect((await parent.post('/api/v1/family-links', { parentAccount: uniqueId('parent') })).status).toBe(403);
  });

  it("forgets the family's links when the parent asks for erasure, and shows them in the parent's export before that", async () => {
    const worker = await gateway.login('intermediary', uniqueId('worker'), { municipalityCode: 'GM0080', organisation: 'Sociaal team Noord' });
    const parentAccount = uniqueId('parent');
    const parent = await gateway.login('parent', parentAccount);
    const asked = await worker.post<Link>('/api/v1/family-links', { parentAccount });
    expect((await parent.post(`/api/v1/family-links/${asked.body.id}/confirm`)).status).toBe(200);
    const exported = await parent.get<{ familyLinks: { intermediary: string; organisation: string; status: string }[] }>('/api/v1/applications/me/export');
    expect(exported.body.familyLinks).toEqual([expect.objectContaining({ organisation: 'Sociaal team Noord', status: 'confirmed' })]);

    expect((await parent.post('/api/v1/applications/me/erasure')).status).toBe(202);
    expect((await worker.get<{ items: Link[] }>('/api/v1/family-links')).body.items.filter((l) => l.parent === parentAccount)).toEqual([]);
  });
});

