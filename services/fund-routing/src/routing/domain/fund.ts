import { CATEGORIES } from '@fund-desk/contracts';
import type { Category, Circumstance } from '@fund-desk/contracts';

export type PaymentMode = 'pays-provider' | 'voucher' | 'in-kind';

/**
 * A per-child limit over some categories together: an amount per child per period by age band, and/or a
 * number of requests per period (a bicycle once per 5 years). The period is in calendar years, counting
 * the year of the application: 1 = per year.
 */
export interface ChildLimit {
  categories: Category[];
  /** Amount per child per period in cents, by age band. */
  amountCents?: { minAge: number; maxAge: number; cents: number }[];
  maxCount?: number;
  periodYears?: number;
}

/** The fund's own account, debited in the SEPA credit-transfer files for providers. */
export interface FundAccount {
  name: string;
  iban: string;
  bic?: string;
}

export interface Fund {
  id: string;
  name: string;
  /** CBS codes, or 'all' for a national fund. */
  municipalities: string[] | 'all';
  categories: Category[];
  minAge: number;
  maxAge: number;
  /** Per-category minimum age (a bicycle from 6, a laptop from 11). */
  categoryMinAge: Partial<Record<Category, number>>;
  incomeLimitPercent: number;
  /** Circumstances that qualify even above the income limit. */
  acceptedCircumstances: Circumstance[];
  childLimits: ChildLimit[];
  paymentMode: PaymentMode;
  /** Required to pay providers by SEPA file. */
  account?: FundAccount;
  needsEndorsement: boolean;
  /** Lower goes first: local funds before national ones, the safety net last. */
  priority: number;
  safetyNet: boolean;
  /** What the fund can spend in a calendar year, in cents; absent: no limit is kept here. */
  yearlyBudgetCents?: number;
  active: boolean;
  version: number;
}

const ALL_BUT_BIRTHDAY: Category[] = CATEGORIES.filter((c) => c !== 'birthday-box');

const leergeld = (id: string, name: string, municipality: string, limit: number, account: FundAccount): Fund => ({
  id,
  name,
  municipalities: [municipality],
  categories: ['school-trip', 'school-supplies', 'bicycle', 'laptop'],
  minAge: 4,
  maxAge: 17,
  categoryMinAge: { bicycle: 6, laptop: 11 },
  incomeLimitPercent: limit,
  acceptedCircumstances: ['social-assistance'],
  childLimits: [
    {
      categories: ['school-trip', 'school-supplies', 'bicycle', 'laptop'],
      amountCents: [
        { minAge: 4, maxAge: 11, cents: 27500 },
        { minAge: 12, maxAge: 17, cents: 79000 },
      ],
    },
    { categories: ['bicycle'], maxCount: 1, periodYears: 5 },
    { categories: ['laptop'], maxCount: 1, periodYears: 4 },
  ],
  paymentMode: 'pays-provider',
  account,
  needsEndorsement: false,
  yearlyBudgetCents: 5_000_000,
  priority: 10,
  safetyNet: false,
  active: true,
  version: 1,
});

/** The demo catalogue of docs (product brief): administrators change it through the API. */
export const SEED_FUNDS: Fund[] = [
  // Demo accounts: valid test IBANs of no real organisation.
  leergeld('leergeld-leeuwarden', 'Stichting Leergeld Leeuwarden', 'GM0080', 120, { name: 'Stichting Leergeld Leeuwarden', iban: 'NL02ABNA0123456789', bic: 'ABNANL2A' }),
  leergeld('leergeld-eindhoven', 'Stichting Leergeld Eindhoven', 'GM0772', 130, { name: 'Stichting Leergeld Eindhoven', iban: 'NL18RABO0123459876' }),
  {
    id: 'jeugdfonds-sport-cultuur',
    name: 'Jeugdfonds Sport & Cultuur',
    municipalities: ['GM0080', 'GM0772'],
    categories: ['swimming-lessons', 'sports-membership', 'sports-gear', 'culture-lessons'],
    minAge: 4,
    maxAge: 17,
    categoryMinAge: {},
    incomeLimitPercent: 120,
    acceptedCircumstances: ['social-assistance'],
    childLimits: [
      { categories: ['swimming-lessons', 'sports-membership'], amountCents: [{ minAge: 4, maxAge: 17, cents: 30000 }] },
      { categories: ['culture-lessons'], amountCents: [{ minAge: 4, maxAge: 17, cents: 45000 }] },
      { categories: ['sports-gear'], amountCents: [{ minAge: 4, maxAge: 17, cents: 10000 }] },
    ],
    paymentMode: 'pays-provider',
    account: { name: 'Jeugdfonds Sport en Cultuur', iban: 'NL71RABO0123456788' },
    needsEndorsement: true,
    yearlyBudgetCents: 10_000_000,
    priority: 20,
    safetyNet: false,
    active: true,
    version: 1,
  },
  {
    id: 'jarige-job',
    name: 'Stichting Jarige Job',
    municipalities: 'all',
    categories: ['birthday-box'],
    minAge: 1,
    maxAge: 12,
    categoryMinAge: {},
    incomeLimitPercent: 120,
    acceptedCircumstances: ['social-assistance', 'food-bank', 'debt-relief'],
    childLimits: [{ categories: ['birthday-box'], amountCents: [{ minAge: 1, maxAge: 12, cents: 3500 }], maxCount: 1 }],
    paymentMode: 'in-kind',
    needsEndorsement: false,
    yearlyBudgetCents: 2_000_000,
    priority: 50,
    safetyNet: false,
    active: true,
    version: 1,
  },
  {
    id: 'kinderhulp',
    name: 'Nationaal Fonds Kinderhulp',
    municipalities: 'all',
    categories: ALL_BUT_BIRTHDAY,
    minAge: 0,
    maxAge: 20,
    categoryMinAge: {},
    incomeLimitPercent: 130,
    acceptedCircumstances: ['social-assistance'],
    childLimits: [{ categories: ALL_BUT_BIRTHDAY, amountCents: [{ minAge: 0, maxAge: 20, cents: 50000 }] }],
    paymentMode: 'pays-provider',
    account: { name: 'Nationaal Fonds Kinderhulp', iban: 'NL69INGB0123456789', bic: 'INGBNL2A' },
    needsEndorsement: false,
    yearlyBudgetCents: 3_000_000,
    priority: 1000,
    safetyNet: true,
    active: true,
    version: 1,
  },
];
