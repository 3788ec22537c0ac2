/**
 * Kafka topics, one per aggregate, keyed by the aggregate id. Names carry a version: a breaking change
 * is a new topic, never a rename in place.
 */
export const TOPICS = {
  applications: 'fund-desk.applications.v1',
  incomeDeclarations: 'fund-desk.income-declarations.v1',
  incomeChecks: 'fund-desk.income-checks.v1',
  fundRequests: 'fund-desk.fund-requests.v1',
  notifications: 'fund-desk.notifications.v1',
  privacy: 'fund-desk.privacy.v1',
  funds: 'fund-desk.funds.v1',
  deadLetters: 'fund-desk.dead-letters.v1',
} as const;
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export interface TopicSpec {
  name: string;
  partitions: number;
  /** What the key is: events of one aggregate share a key and so a partition, which keeps them in order. */
  keyedBy: string;
  /**
   * Readers that are not services (operators' tools). The services that read a topic are not written here: the
   * catalogue finds them in the code (`@HandlesTopic` and uptake's feed), so it cannot drift.
   */
  otherReaders?: string[];
  description: string;
}

export const TOPIC_SPECS: TopicSpec[] = [
  {
    name: TOPICS.applications,
    partitions: 6,
    keyedBy: 'application id',
    description: 'What happened to an application as a whole: submitted, withdrawn, amended.',
  },
  {
    name: TOPICS.incomeDeclarations,
    partitions: 6,
    keyedBy: 'application id',
    description:
      'The household income a parent declared. Raw income figures travel only here, so that no other service sees them.',
  },
  {
    name: TOPICS.incomeChecks,
    partitions: 6,
    keyedBy: 'application id',
    description: 'Outcome of a household income check: eligible or not, percentage of the norm. Never raw income.',
  },
  {
    name: TOPICS.fundRequests,
    partitions: 6,
    keyedBy: 'fund request id (one per requested item)',
    description: 'One requested item on its way through the funds: routed, unroutable, decided, fulfilled.',
  },
  {
    name: TOPICS.notifications,
    partitions: 3,
    keyedBy: 'recipient (pseudonymous subject)',
    otherReaders: ['operators'],
    description: 'What happened to messages to people: deliveries that failed for good after every retry. Never bodies or contact details.',
  },
  {
    name: TOPICS.privacy,
    partitions: 3,
    keyedBy: 'person (pseudonymous subject)',
    description: 'Requests about personal data that every service must honour: erasure.',
  },
  {
    name: TOPICS.funds,
    partitions: 1,
    keyedBy: 'fund id',
    description: "Funds' catalogue entries as they change: name, municipalities served, yearly budget. Nothing about people.",
  },
  {
    name: TOPICS.deadLetters,
    partitions: 3,
    keyedBy: 'consumer group',
    otherReaders: ['operators'],
    description:
      'Messages a consumer could not handle after bounded retries, with the original bytes and the error in headers.',
  },
];
