export type Composition = 'single' | 'single-parent' | 'couple';
export type MunicipalityCode = 'GM0080' | 'GM0772';

export interface SeedPerson {
  bsn: string;
  municipalityCode: MunicipalityCode;
  composition: Composition;
  netMonthlyIncomeCents: number;
  socialAssistance: boolean;
  debtRelief: boolean;
}

/**
 * Fictional people the development register knows. The BSNs are in the 9999xxxxx range the Dutch government
 * keeps for tests and pass the elfproef. GM0080 is Leeuwarden, GM0772 Eindhoven.
 */
export const SEED_PEOPLE: readonly SeedPerson[] = [
  // Single parent with a low income, no circumstances.
  { bsn: '999990019', municipalityCode: 'GM0080', composition: 'single-parent', netMonthlyIncomeCents: 145000, socialAssistance: false, debtRelief: false },
  // Couple with a modest income.
  { bsn: '999990032', municipalityCode: 'GM0080', composition: 'couple', netMonthlyIncomeCents: 180000, socialAssistance: false, debtRelief: false },
  // Single parent on social assistance (bijstand).
  { bsn: '999990044', municipalityCode: 'GM0772', composition: 'single-parent', netMonthlyIncomeCents: 134545, socialAssistance: true, debtRelief: false },
  // In debt relief (schuldsanering) with an income above most limits.
  { bsn: '999990056', municipalityCode: 'GM0772', composition: 'couple', netMonthlyIncomeCents: 200000, socialAssistance: false, debtRelief: true },
  // Single with a high income: above every limit.
  { bsn: '999990068', municipalityCode: 'GM0080', composition: 'single', netMonthlyIncomeCents: 300000, socialAssistance: false, debtRelief: false },
  // The low-income single parent again, in the other municipality.
  { bsn: '999990081', municipalityCode: 'GM0772', composition: 'single-parent', netMonthlyIncomeCents: 145000, socialAssistance: false, debtRelief: false },
];

/** Passes the elfproef, but the register does not know this person: every lookup answers 404. */
export const UNKNOWN_BSN = '999990093';

/** Fails the elfproef: every lookup answers 400. */
export const INVALID_BSN = '999990010';
