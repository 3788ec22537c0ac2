import type { EventEnvelope } from '../envelope';
import type { PayloadOf } from '../event-definition';
import { isEvent } from '../registry';
import { incomeCheckCompletedV1 } from './income-check-completed.v1';
import { incomeCheckCompletedV2 } from './income-check-completed.v2';

export type IncomeCheckCompleted = PayloadOf<typeof incomeCheckCompletedV2>;

/** Either version of income-check.completed, read as v2 (a v1 event was a declared-income check, never reused). */
export function readIncomeCheckCompleted(event: EventEnvelope): IncomeCheckCompleted | null {
  if (isEvent(incomeCheckCompletedV2, event)) return event.payload;
  if (isEvent(incomeCheckCompletedV1, event)) {
    const p = event.payload;
    return {
      ...p,
      reused: false,
      explanation: { nl: `Inkomen ${p.percentageOfNorm}% van de bijstandsnorm.`, en: `Income ${p.percentageOfNorm}% of the social-assistance norm.` },
    };
  }
  return null;
}
