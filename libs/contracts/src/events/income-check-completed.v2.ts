import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { circumstance, incomeCheckOutcome, isoDate, municipalityCode } from './common';

/**
 * v2: the basis says where the answer came from (the municipality's register, evidence a reviewer approved,
 * a circumstance, or the declaration), a plain-language explanation travels with it, and a household's
 * earlier check can be reused. Still the outcome only: never the income or the documents behind it.
 */
export const incomeCheckCompletedV2 = defineEvent({
  type: 'income-check.completed',
  version: 2,
  topic: TOPICS.incomeChecks,
  keyField: 'applicationId',
  description:
    "Outcome of the household's income check for an application (eligible, not eligible, or evidence needed); each fund applies its own limit to the ratio.",
  payload: z.object({
    checkId: z.string().min(1),
    applicationId: z.string().min(1),
    municipalityCode,
    outcome: incomeCheckOutcome,
    /** Household income as a percentage of the norm, one decimal, for people to read; null while evidence is needed. */
    percentageOfNorm: z.number().nonnegative().nullable(),
    /** The same ratio in parts per million, rounded up, for exact comparisons with a fund's limit; null while evidence is needed. */
    normRatioPpm: z.number().int().nonnegative().nullable(),
    municipalityLimitPercent: z.number().int().positive(),
    basis: z.enum(['register', 'evidence', 'circumstance', 'declared-income', 'none']),
    circumstances: z.array(circumstance),
    /** Until when the result may be reused for later applications of the same household. */
    validUntil: isoDate.nullable(),
    /** This application reused a check the household already had. */
    reused: z.boolean(),
    explanation: z.object({ nl: z.string().min(1), en: z.string().min(1) }),
  }),
});
