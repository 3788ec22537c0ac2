import { CATEGORIES } from '@fund-desk/contracts';
import type { Category, Circumstance } from '@fund-desk/contracts';

export type PaymentMode = 'pays-provider' | 'voucher' | 'in-kind';

/** A per-child limit: the amount (or count) a fund pays for a child per year for some categories. */
export interface ChildLimit {
  categories: Category[];
  /** Amount per child per year in cents, by age band. */
  amountCents: { minAge: number; maxAge: number; cents: number }[];
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

const leergeld = (id: string, name: string, municipality: string, limit: number): Fund => ({
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
  ],
  paymentMode: 'pays-provider',
  needsEndorsement: false,
  yearlyBudgetCents: 5_000_000,
  priority: 10,
  safetyNet: false,
  active: true,
  version: 1,
});

/** The demo catalogue of docs (product brief): administrators change it through the API. */
export const SEED_FUNDS: Fund[] = [
  leergeld('leergeld-leeuwarden', 'Stichting Leergeld Leeuwarden', 'GM0080', 120),
  leergeld('leergeld-eindhoven', 'Stichting Leergeld Eindhoven', 'GM0772', 130),
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
    childLimits: [{ categories: ['birthday-box'], amountCents: [{ minAge: 1, maxAge: 12, cents: 3500 }] }],
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
    needsEndorsement: false,
    yearlyBudgetCents: 3_000_000,
    priority: 1000,
    safetyNet: true,
    active: true,
    version: 1,
  },
];
