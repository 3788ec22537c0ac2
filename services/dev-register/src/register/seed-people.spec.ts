import { isValidBsn as passesElfproef } from '@fund-desk/platform';
import { INVALID_BSN, SEED_PEOPLE, UNKNOWN_BSN } from './seed-people';

describe('elfproef', () => {
  it.each(['999990019', '123456782', '111222333'])('accepts %s', (bsn) => expect(passesElfproef(bsn)).toBe(true));

  it.each(['999990010', '123456789', '000000000', '12345678', '1234567820', '12345678a', ''])('rejects %p', (bsn) =>
    expect(passesElfproef(bsn)).toBe(false),
  );
});

describe('SEED_PEOPLE', () => {
  it('holds only valid, distinct BSNs, none of them the unknown or the invalid one', () => {
    const bsns = SEED_PEOPLE.map((p) => p.bsn);
    expect(bsns.every(passesElfproef)).toBe(true);
    expect(new Set(bsns).size).toBe(bsns.length);
    expect(passesElfproef(UNKNOWN_BSN)).toBe(true);
    expect(passesElfproef(INVALID_BSN)).toBe(false);
    expect(bsns).not.toContain(UNKNOWN_BSN);
  });

  it('covers the situations the income checks are tested with', () => {
    const has = (p: Partial<(typeof SEED_PEOPLE)[number]>) =>
      SEED_PEOPLE.some((s) => Object.entries(p).every(([k, v]) => s[k as keyof typeof s] === v));
    expect(has({ composition: 'single-parent', netMonthlyIncomeCents: 145000, socialAssistance: false, debtRelief: false })).toBe(true);
    expect(has({ composition: 'couple', netMonthlyIncomeCents: 180000 })).toBe(true);
    expect(has({ composition: 'single-parent', netMonthlyIncomeCents: 134545, socialAssistance: true })).toBe(true);
    expect(has({ netMonthlyIncomeCents: 200000, debtRelief: true })).toBe(true);
    expect(has({ composition: 'single', netMonthlyIncomeCents: 300000 })).toBe(true);
  });
});
