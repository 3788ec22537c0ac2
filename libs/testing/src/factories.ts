import { randomInt } from 'node:crypto';
import { ApiClient } from './api-client';
import { uniqueId } from './stack';

const LETTERS = 'ABCDEFGHJKLMNPRTUVWXZ'; // no S: SA, SD and SS are not used in Dutch postcodes
const POSTCODES = 9000 * LETTERS.length * LETTERS.length;
let nextPostcode = randomInt(POSTCODES);

/**
 * A valid Dutch postcode, a different one on every call (from a random start per process, so two test
 * workers hardly ever meet): the same child at the same address is one child to the funds, and tests must
 * not see each other's children as duplicates.
 */
export function uniquePostcode(): string {
  const n = nextPostcode++ % POSTCODES;
  const letters = Math.floor(n / 9000);
  return `${1000 + (n % 9000)} ${LETTERS[Math.floor(letters / LETTERS.length)]}${LETTERS[letters % LETTERS.length]}`;
}

/** The application request of the product brief (at an address of its own), with overrides. */
export function applicationRequest(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    municipalityCode: 'GM0080',
    postcode: uniquePostcode(),
    household: { composition: 'single-parent', netMonthlyIncomeCents: 145000, circumstances: [] },
    children: [{ ref: 'c1', firstName: 'Sanne', birthDate: '2016-03-14' }],
    items: [
      {
        childRef: 'c1',
        category: 'school-trip',
        amountCents: 4500,
        description: 'Schoolreis groep 6',
        provider: { name: 'OBS De Tamarisk', iban: 'NL91ABNA0417164300' },
      },
    ],
    contact: { email: 'ouder@example.nl', language: 'nl' },
    consent: { incomeCheck: true, shareWithFunds: true },
    ...overrides,
  };
}

/**
 * The rules of a fund of a test's own: one category for one age range in one municipality, first in
 * priority, so only that test's requests reach it and its budget moves only with them. Deactivate it after
 * the test (`active: false`).
 */
export function isolatedFundRules(niche: { name: string; municipality: string; category: string; minAge: number; maxAge: number }, active = true, overrides: Record<string, unknown> = {}) {
  return {
    name: niche.name,
    municipalities: [niche.municipality],
    categories: [niche.category],
    minAge: niche.minAge,
    maxAge: niche.maxAge,
    incomeLimitPercent: 130,
    acceptedCircumstances: [],
    childLimits: [{ categories: [niche.category], amountCents: [{ minAge: niche.minAge, maxAge: niche.maxAge, cents: 50_000 }] }],
    paymentMode: 'pays-provider',
    needsEndorsement: false,
    priority: 1,
    safetyNet: false,
    active,
    yearlyBudgetCents: 1_000_000,
    ...overrides,
  };
}


/**
 * For the describe block it is called in: a fund of its own (see isolatedFundRules), made active by an
 * administrator before the block's tests and deactivated after them. `admin()` is that administrator.
 */
export function useIsolatedFund(gateway: ApiClient, idPrefix: string, niche: Parameters<typeof isolatedFundRules>[0], overrides: Record<string, unknown> = {}) {
  const fundId = uniqueId(idPrefix).toLowerCase();
  let admin: ApiClient | undefined;
  beforeAll(async () => {
    admin = await gateway.login('admin', uniqueId('admin'));
    expect((await admin.put(`/api/v1/funds/${fundId}`, isolatedFundRules(niche, true, overrides))).status).toBe(200);
  });
  afterAll(async () => {
    await admin?.put(`/api/v1/funds/${fundId}`, isolatedFundRules(niche, false, overrides));
  });
  return { fundId, admin: () => admin! };
}
