import { applicationSubmittedV1, createEvent, EventEnvelope, personalDataErasureRequestedV1 } from '@fund-desk/contracts';
import { uniqueId } from './stack';

/** Anything that puts envelopes on topics (the platform's EventBus). */
export interface Publisher {
  publish(events: (EventEnvelope & { topic: string })[]): Promise<void>;
}

/** Puts events on a topic, as a service's outbox would. */
export const publishOn = (bus: Publisher, topic: string, events: EventEnvelope[]) => bus.publish(events.map((e) => ({ ...e, topic })));

/** An `application.submitted` event for one child and a school trip, for tests and benchmarks that feed services directly. */
export function submittedEvent(input: { subject?: string; email: string; phone?: string; language?: 'nl' | 'en'; applicationId?: string }): EventEnvelope {
  const applicationId = input.applicationId ?? uniqueId('app');
  return createEvent(applicationSubmittedV1, {
    correlationId: applicationId,
    causationId: null,
    producer: 'test',
    payload: {
      applicationId,
      applicant: { subject: input.subject ?? uniqueId('parent'), role: 'parent' },
      municipalityCode: 'GM0080',
      postcodeArea: '8921',
      circumstances: [],
      children: [{ ref: 'c1', firstName: 'Sanne', birthDate: '2016-03-14' }],
      items: [{ itemId: uniqueId('item'), childRef: 'c1', category: 'school-trip', amountCents: 4500 }],
      contact: { email: input.email, language: input.language ?? 'nl', ...(input.phone ? { phone: input.phone } : {}) },
      submittedAt: new Date().toISOString(),
    },
  });
}

/** A `personal-data.erasure-requested` event: erase what a person left, in these applications and their own. */
export function erasureEvent(subject: string, applicationIds: string[]): EventEnvelope {
  return createEvent(personalDataErasureRequestedV1, {
    correlationId: subject,
    causationId: null,
    producer: 'test',
    payload: { subject, applicationIds, requestedAt: new Date().toISOString() },
  });
}
