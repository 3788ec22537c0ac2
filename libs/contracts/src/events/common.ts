import { z } from 'zod';
import { CATEGORIES, CIRCUMSTANCES, COMPOSITIONS, INCOME_CHECK_OUTCOMES, LANGUAGES, ROLES } from '../vocabulary';

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const category = z.enum(CATEGORIES);
export const composition = z.enum(COMPOSITIONS);
export const circumstance = z.enum(CIRCUMSTANCES);
export const language = z.enum(LANGUAGES);
export const role = z.enum(ROLES);
export const incomeCheckOutcome = z.enum(INCOME_CHECK_OUTCOMES);
export const municipalityCode = z.string().regex(/^GM\d{4}$/);
export const cents = z.number().int().nonnegative();

/** The fields every fund-request event starts with: which request, for which application, item, child and need. */
export const requestRefFields = {
  requestId: z.string().min(1),
  applicationId: z.string().min(1),
  itemId: z.string().min(1),
  childRef: z.string().min(1),
  category,
};
