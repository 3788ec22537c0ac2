import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { submittedChild, submittedItem } from './application-submitted.v1';

export const applicationItemsAddedV1 = defineEvent({
  type: 'application.items-added',
  version: 1,
  topic: TOPICS.applications,
  keyField: 'applicationId',
  description: 'The applicant added one or more needs to an open application; they are routed like the first ones, on the same income check.',
  payload: z.object({
    applicationId: z.string().min(1),
    /** The children the new items are for (with their keys), as on application.submitted. */
    children: z.array(submittedChild).min(1),
    items: z.array(submittedItem).min(1),
    addedAt: z.string().datetime({ offset: true }),
  }),
});

export const applicationWithdrawnV1 = defineEvent({
  type: 'application.withdrawn',
  version: 1,
  topic: TOPICS.applications,
  keyField: 'applicationId',
  description:
    'The applicant withdrew items or the whole application (or the parent withdrew consent): funds stop, reservations are released, nothing more is paid.',
  payload: z.object({
    applicationId: z.string().min(1),
    itemIds: z.array(z.string().min(1)).min(1),
    whole: z.boolean(),
    reason: z.enum(['withdrawn-by-applicant', 'consent-withdrawn', 'erasure']),
    withdrawnAt: z.string().datetime({ offset: true }),
  }),
});

export const applicationObjectionFiledV1 = defineEvent({
  type: 'application.objection-filed',
  version: 1,
  topic: TOPICS.applications,
  keyField: 'applicationId',
  description: 'The applicant objected to a decline within 6 weeks: the item is reopened at the fund that declined it, with its history.',
  payload: z.object({
    applicationId: z.string().min(1),
    itemId: z.string().min(1),
    /** The applicant's reasons, for the fund's staff. */
    reason: z.string().min(1).max(2000),
    filedAt: z.string().datetime({ offset: true }),
  }),
});
