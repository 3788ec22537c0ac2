import { SetMetadata } from '@nestjs/common';
import type { TopicName } from '@fund-desk/contracts';

export const HANDLES_TOPIC = 'fund-desk:handles-topic';

/**
 * Marks a method as this service's handler of every event on a topic: `(event: EventEnvelope) => Promise<void>`.
 * The platform's consumer host finds these at start-up, subscribes the service's group to their topics and feeds
 * them (EventSource). One handler per topic per service; docs/event-catalogue.md's readers are read from these marks.
 */
export const HandlesTopic = (topic: TopicName): MethodDecorator => SetMetadata(HANDLES_TOPIC, topic);
