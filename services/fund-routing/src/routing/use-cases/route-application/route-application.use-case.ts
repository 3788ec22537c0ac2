import { Inject, Injectable } from '@nestjs/common';
import {
  applicationSubmittedV1,
  createEvent,
  EventEnvelope,
  fundRequestDuplicateV1,
  fundRequestRoutedV1,
  fundRequestUnroutableV1,
  IncomeCheckCompleted,
  PayloadOf,
} from '@fund-desk/contracts';
import { ageOn } from '../../domain/routing';
import { BudgetedRouting } from './budgeted-routing';
import { ChildLedger } from '../../infrastructure/child-ledger';
import { FundRequest, LIVE_STATUSES, RoutingCase, RoutingRepository } from '../../infrastructure/routing.repository';

type Submitted = PayloadOf<typeof applicationSubmittedV1>;
type Checked = IncomeCheckCompleted;

/**
 * Routing needs two facts that arrive on two topics in either order: the submitted items and the income
 * check outcome. Each is recorded on the routing case; whichever completes the pair routes every item.
 * Request ids are the item ids, so routing twice (a redelivery, two instances) stores and publishes once.
 */
@Injectable()
export class RouteApplicationUseCase {
  constructor(
    @Inject(RoutingRepository) private readonly repository: RoutingRepository,
    @Inject(BudgetedRouting) private readonly budgeted: BudgetedRouting,
    @Inject(ChildLedger) private readonly children: ChildLedger,
  ) {}

  async onApplicationSubmitted(event: EventEnvelope<Submitted>): Promise<void> {
    const routingCase = await this.repository.recordCasePart(event.payload.applicationId, 'application', event.payload, event.id);
    await this.routeWhenComplete(routingCase, event);
  }

  async onIncomeChecked(event: EventEnvelope, check: Checked): Promise<void> {
    const routingCase = await this.repository.recordCasePart(check.applicationId, 'incomeCheck', check, event.id);
    await this.routeWhenComplete(routingCase, event);
  }

  private async routeWhenComplete(routingCase: RoutingCase, cause: EventEnvelope): Promise<void> {
    if (!routingCase.application || !routingCase.incomeCheck || routingCase.routedAt) return;
    const application = routingCase.application as unknown as Submitted;
    const check = routingCase.incomeCheck as unknown as Checked;
    // Evidence is needed first: wait for the check to complete, then route.
    if (check.outcome === 'needs-evidence') return;
    const funds = await this.repository.listFunds();
    const catalogueVersion = funds.reduce((sum, f) => sum + f.version, 0);
    const onDate = application.submittedAt.slice(0, 10);
    const meta = { correlationId: application.applicationId, causationId: cause.id, producer: 'fund-routing' };

    for (const item of application.items) {
      const child = application.children.find((c) => c.ref === item.childRef)!;
      const childAge = ageOn(child.birthDate, onDate);
      const year = Number(onDate.slice(0, 4));
      const base = {
        id: item.itemId,
        applicationId: application.applicationId,
        itemId: item.itemId,
        childRef: item.childRef,
        childFirstName: child.firstName,
        childAge,
        category: item.category,
        amountCents: item.amountCents,
        ...(item.description ? { description: item.description } : {}),
        ...(item.provider ? { provider: item.provider } : {}),
        municipalityCode: application.municipalityCode,
        catalogueVersion,
        routedAt: new Date(),
        budgetYear: year,
        ...(child.key ? { childKey: child.key } : {}),
      };
      const eligible = check.outcome === 'eligible';
      // The same need for the same child this year, still open or granted: flagged, not routed twice.
      const duplicateOf = eligible && child.key ? await this.children.claimNeed(child.key, item.category, year, item.itemId, (id) => this.isLive(id)) : null;
      let request: FundRequest;
      let event: EventEnvelope;
      if (!eligible) {
        const explanation = [{ fundId: '*', fits: false, reason: 'income-above-limit' }];
        request = { ...base, status: 'not-eligible', fundId: null, endorsementRequired: false, explanation };
        event = createEvent(fundRequestUnroutableV1, {
          ...meta,
          payload: { requestId: item.itemId, applicationId: application.applicationId, itemId: item.itemId, childRef: item.childRef, category: item.category, outcome: 'not-eligible', catalogueVersion, explanation },
        });
      } else if (duplicateOf) {
        const explanation = [{ fundId: '*', fits: false, reason: 'duplicate' }];
        request = { ...base, status: 'duplicate', fundId: null, endorsementRequired: false, explanation, duplicateOf };
        event = createEvent(fundRequestDuplicateV1, {
          ...meta,
          payload: { requestId: item.itemId, applicationId: application.applicationId, itemId: item.itemId, childRef: item.childRef, category: item.category, duplicateOf, year },
        });
      } else {
        const decision = await this.budgeted.route(
          funds,
          {
            municipalityCode: application.municipalityCode,
            category: item.category,
            amountCents: item.amountCents,
            childAge,
            normRatioPpm: check.normRatioPpm ?? Number.MAX_SAFE_INTEGER,
            circumstances: check.circumstances,
          },
          { requestId: item.itemId, year, childKey: child.key },
        );
        if (decision.fund) {
          const endorsementRequired = decision.fund.needsEndorsement && application.applicant.role !== 'intermediary';
          request = { ...base, status: 'routed', fundId: decision.fund.id, fundVersion: decision.fund.version, endorsementRequired, explanation: decision.explanation };
          event = createEvent(fundRequestRoutedV1, {
            ...meta,
            payload: {
              requestId: item.itemId,
              applicationId: application.applicationId,
              itemId: item.itemId,
              childRef: item.childRef,
              category: item.category,
              amountCents: item.amountCents,
              fundId: decision.fund.id,
              fundName: decision.fund.name,
              catalogueVersion,
              endorsementRequired,
              explanation: decision.explanation,
            },
          });
        } else {
          // Nothing holds this need now: a later request for it is not a duplicate.
          if (child.key) await this.children.releaseNeed(child.key, item.category, year, item.itemId);
          request = { ...base, status: 'unroutable', fundId: null, endorsementRequired: false, explanation: decision.explanation };
          event = createEvent(fundRequestUnroutableV1, {
            ...meta,
            payload: { requestId: item.itemId, applicationId: application.applicationId, itemId: item.itemId, childRef: item.childRef, category: item.category, outcome: 'no-fund-fits', catalogueVersion, explanation: decision.explanation },
          });
        }
      }
      await this.repository.insertRequest(request, [event]);
    }
    await this.repository.markCaseRouted(application.applicationId);
  }

  /** Whether a request still goes on (or was granted); null when it is not stored (yet). */
  private async isLive(requestId: string): Promise<boolean | null> {
    const request = await this.repository.findRequest(requestId);
    return request ? LIVE_STATUSES.includes(request.status) : null;
  }
}
