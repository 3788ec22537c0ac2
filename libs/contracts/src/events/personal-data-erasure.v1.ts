import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

export const personalDataErasureRequestedV1 = defineEvent({
  type: 'personal-data.erasure-requested',
  version: 1,
  topic: TOPICS.privacy,
  keyField: 'subject',
  description:
    "A person asked for their household's personal data to be erased, or the retention period of some of their closed applications ended. Every service removes what it holds about those applications (and person-wide data once none of the person's applications is left), keeping only what the law requires for payments made.",
  payload: z.object({
    /** The person's account (pseudonymous subject). */
    subject: z.string().min(1),
    /** The applications concerned: services that know data by application find it by these. */
    applicationIds: z.array(z.string().min(1)),
    requestedAt: z.string().datetime({ offset: true }),
  }),
});
