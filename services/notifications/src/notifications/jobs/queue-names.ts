/** BullMQ queue names. Never rename one in place: jobs waiting under the old name would be stranded. */
export enum QueueName {
  Email = 'notifications-email',
  Sms = 'notifications-sms',
  Reminders = 'notifications-reminders',
  Digests = 'notifications-digests',
}
