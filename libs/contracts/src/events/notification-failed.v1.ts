import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

export const notificationFailedV1 = defineEvent({
  type: 'notification.failed',
  version: 1,
  topic: TOPICS.notifications,
  keyField: 'subject',
  description:
    'A message could not be delivered on a channel after every retry. Names the delivery, recipient (subject), channel and message type; never the body or the contact details.',
  payload: z.object({
    deliveryId: z.string().min(1),
    subject: z.string().min(1),
    channel: z.enum(['email', 'sms']),
    messageType: z.string().min(1),
    applicationId: z.string().min(1).optional(),
    attempts: z.number().int().positive(),
    /** The last error, without addresses. */
    error: z.string().max(500),
  }),
});
