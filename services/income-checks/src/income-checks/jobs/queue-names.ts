/** BullMQ queue names. Never rename one in place: jobs waiting under the old name would be stranded. */
export enum QueueName {
  /** One queue per municipality (suffix `-<CBS code>`; BullMQ names take no colon), so each register gets its own rate limit. */
  RegisterLookup = 'income-checks-register',
  EvidencePurge = 'income-checks-evidence-purge',
}
