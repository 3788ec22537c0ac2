import { ApiClient, applicationRequest, uniqueId, uniquePostcode, waitUntil } from '@fund-desk/testing';

/**
 * One child across applications (by the parent and by an intermediary): a fund's per-child limits hold,
 * the same need twice in a year is flagged as a duplicate, and a need declined everywhere is free again.
 */
const gateway = new ApiClient(process.env.E2E_GATEWAY_URL!);

interface Item {
  id: string;
  category: string;
  status: string;
  fundId: string | null;
}

async function submitAndSettle(applicant: ApiClient, body: Record<string, unknown>, settled = (i: Item) => i.status !== 'pending'): Promise<Item[]> {
  const submitted = await applicant.post<{ id: string }>('/api/v1/applications', body);
  expect(submitted.status).toBe(202);
  return waitUntil(
    async () => {
      const r = await applicant.get<{ items: Item[] }>(`/api/v1/applications/${submitted.body.id}`);
      return r.body.items.every(settled) ? r.body.items : null;
    },
    { what: 'every item routed or flagged' },
  );
}

describe('per-child limits and duplicates across applications', () => {
  it('keeps one child within a fund’s yearly limit, flags the same need twice, frees a need declined everywhere', async () => {
    const postcode = uniquePostcode();
    const child = { ref: 'c1', firstName: uniqueId('Noor'), birthDate: '2013-05-01' }; // 13: secondary school, Leergeld €790 a year
    const provider = { name: 'Fietsenmaker De Spaak', iban: 'NL91ABNA0417164300' };
    const parent = await gateway.login('parent', uniqueId('parent'));

    const first = await submitAndSettle(
      parent,
      applicationRequest({
        postcode,
        children: [child],
        items: [
          { childRef: 'c1', category: 'bicycle', amountCents: 20_000, provider },
          { childRef: 'c1', category: 'school-trip', amountCents: 30_000, provider },
        ],
      }),
    );
    expect(first.map((i) => [i.category, i.status, i.fundId])).toEqual([
      ['bicycle', 'routed', 'leergeld-leeuwarden'],
      ['school-trip', 'routed', 'leergeld-leeuwarden'],
    ]);

    // A teacher applies for the same child (same name, birth date and address; "noor" in other letters).
    const teacher = await gateway.login('intermediary', uniqueId('teacher'), { municipalityCode: 'GM0080' });
    const second = await submitAndSettle(
      teacher,
      applicationRequest({
        postcode: postcode.replace(' ', '').toLowerCase(),
        // An intermediary applies with the parent's consent, recorded.
        consent: { incomeCheck: true, shareWithFunds: true, parent: { name: 'M. de Vries', method: 'signed-form', givenOn: new Date().toISOString().slice(0, 10) } },
        children: [{ ...child, firstName: ` ${child.firstName.toUpperCase()} ` }],
        items: [
          { childRef: 'c1', category: 'bicycle', amountCents: 15_000, provider },
          // €500 + €400 is over Leergeld's €790 for this child this year: the safety net takes it.
          { childRef: 'c1', category: 'school-supplies', amountCents: 40_000, provider },
        ],
      }),
    );
    expect(second.map((i) => [i.category, i.status, i.fundId])).toEqual([
      ['bicycle', 'duplicate', null],
      ['school-supplies', 'routed', 'kinderhulp'],
    ]);

    // Leergeld declines the trip: Kinderhulp would be over its €500 for this child (€400 + €300), so it is declined for good…
    const leergeld = await gateway.login('fund-staff', uniqueId('staff'), { fundId: 'leergeld-leeuwarden' });
    const trip = first.find((i) => i.category === 'school-trip')!;
    const declined = await leergeld.post(`/api/v1/funds/leergeld-leeuwarden/requests/${trip.id}/decision`, { decision: 'decline', reasonCode: 'other', message: 'Reis is al betaald' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', fundId: 'leergeld-leeuwarden' });

    // …which gives back Leergeld's room for this child and frees the need: a new request for a trip is routed, not a duplicate.
    const third = await submitAndSettle(
      parent,
      applicationRequest({ postcode, children: [child], items: [{ childRef: 'c1', category: 'school-trip', amountCents: 59_000, provider }] }),
    );
    expect(third.map((i) => [i.category, i.status, i.fundId])).toEqual([['school-trip', 'routed', 'leergeld-leeuwarden']]);
  });

  it('flags a need asked twice in one application', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const items = await submitAndSettle(
      parent,
      applicationRequest({
        items: [
          { childRef: 'c1', category: 'birthday-box', amountCents: 3_500 },
          { childRef: 'c1', category: 'birthday-box', amountCents: 3_500 },
        ],
      }),
    );
    expect(items.map((i) => i.status).sort()).toEqual(['duplicate', 'routed']);
  });
});
