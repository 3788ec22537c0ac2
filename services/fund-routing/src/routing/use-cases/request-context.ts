import type { FundRequest } from '../infrastructure/routing.repository';
import type { ReservationContext } from './route-application/budgeted-routing';

/** The fields every event about a request starts with. */
export const requestRef = (request: FundRequest) => ({
  requestId: request.id,
  applicationId: request.applicationId,
  itemId: request.itemId,
  childRef: request.childRef,
  category: request.category as never,
});

/** What a request holds at its fund: the budget year it was routed in and the child it is for. */
export const reservationOf = (request: FundRequest): ReservationContext => ({
  requestId: request.id,
  year: request.budgetYear ?? new Date(request.routedAt).getUTCFullYear(),
  childKey: request.childKey,
});
