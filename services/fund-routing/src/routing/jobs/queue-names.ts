/** BullMQ queue names. Never rename one in place: jobs waiting under the old name would be stranded. */
export enum QueueName {
  BudgetReconciliation = 'fund-routing-budget-reconciliation',
}
