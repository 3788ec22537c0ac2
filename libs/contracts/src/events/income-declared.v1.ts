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
  description: 'Household composition, net monthly income and circumstances declared with an application.',
  payload: z.object({
    applicationId: z.string().min(1),
    municipalityCode,
    composition,
    netMonthlyIncomeCents: cents,
    circumstances: z.array(circumstance),
    /** The date the check is made for: the norm in force on this date applies. */
    checkDate: isoDate,
  }),
});
