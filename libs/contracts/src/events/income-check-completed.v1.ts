import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { circumstance, incomeCheckOutcome, isoDate, municipalityCode } from './common';

/** Outcome only: never the income or the documents behind it. */
export const incomeCheckCompletedV1 = defineEvent({
  type: 'income-check.completed',
  version: 1,
  topic: TOPICS.incomeChecks,
  keyField: 'applicationId',
  description: "Outcome of the household's income check for an application; each fund applies its own limit to it.",
  payload: z.object({
    checkId: z.string().min(1),
    applicationId: z.string().min(1),
    municipalityCode,
    outcome: incomeCheckOutcome,
    /** Household income as a percentage of the social-assistance norm, one decimal, for people to read. */
    percentageOfNorm: z.number().nonnegative(),
    /** The same ratio in parts per million, rounded up: funds compare with it so that at-the-limit is exact. */
    normRatioPpm: z.number().int().nonnegative(),
    /** The limit (percent of the norm) the municipality applies. */
    municipalityLimitPercent: z.number().int().positive(),
    basis: z.enum(['declared-income', 'circumstance']),
    circumstances: z.array(circumstance),
    validUntil: isoDate,
  }),
});
