import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { cents, circumstance, composition, isoDate, municipalityCode } from './common';

/** The household income a parent declared, for income-checks alone. */
export const incomeDeclaredV1 = defineEvent({
  type: 'income.declared',
  version: 1,
  topic: TOPICS.incomeDeclarations,
  keyField: 'applicationId',
  description: 'Household composition, net monthly income, circumstances and (optionally) the BSN declared with an application.',
  payload: z.object({
    applicationId: z.string().min(1),
    municipalityCode,
    composition,
    netMonthlyIncomeCents: cents,
    circumstances: z.array(circumstance),
    /** The date the check is made for: the norm in force on this date applies. */
    checkDate: isoDate,
    /** Who applied: they may send evidence for this check. */
    applicant: z.object({ subject: z.string().min(1), role: z.string().min(1) }).optional(),
    /** A stable reference to the household (the parent's account), so a valid check can be reused; null when unknown. */
    householdRef: z.string().min(1).nullable().optional(),
    /** Citizen service number, when the parent gave it, for the municipality's register; income-checks encrypts it at rest. */
    bsn: z.string().regex(/^\d{9}$/).optional(),
  }),
});
