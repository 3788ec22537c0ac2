import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { category, cents, circumstance, isoDate, language, municipalityCode, role } from './common';

/**
 * A parent or intermediary submitted an application. Carries what routing and notifications need:
 * children's first names and birth dates, the items, the contact address. Never income figures
 * (those travel on the income-declarations topic only).
 */
/** A child as routing needs it: first name, birth date, and the pseudonymous key for per-child limits. */
export const submittedChild = z.object({
  ref: z.string().min(1),
  firstName: z.string().min(1),
  birthDate: isoDate,
  /**
   * Pseudonymous child key: a keyed hash of first name, birth date and postcode, the same for the same
   * child in every application from that address. Funds keep per-child limits and spot duplicates by it.
   */
  key: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

/** One requested item: what for, for which child, how much, and whom to pay. */
export const submittedItem = z.object({
  itemId: z.string().min(1),
  childRef: z.string().min(1),
  category,
  amountCents: cents,
  description: z.string().optional(),
  provider: z.object({ name: z.string().min(1), iban: z.string().min(1) }).optional(),
});

export const applicationSubmittedV1 = defineEvent({
  type: 'application.submitted',
  version: 1,
  topic: TOPICS.applications,
  keyField: 'applicationId',
  description: 'A parent or intermediary submitted an application with one or more items for one or more children.',
  payload: z.object({
    applicationId: z.string().min(1),
    applicant: z.object({ subject: z.string().min(1), role }),
    municipalityCode,
    /** Four digits of the postcode: enough for neighbourhood figures, not enough to find a house. */
    postcodeArea: z.string().regex(/^\d{4}$/),
    circumstances: z.array(circumstance),
    children: z.array(submittedChild).min(1),
    items: z.array(submittedItem).min(1),
    contact: z.object({
      email: z.string().email(),
      language,
      /** Mobile number in E.164 (+316…), for text messages when the person wants them. */
      phone: z.string().regex(/^\+[1-9]\d{7,14}$/).optional(),
    }),
    submittedAt: z.string().datetime({ offset: true }),
  }),
});
