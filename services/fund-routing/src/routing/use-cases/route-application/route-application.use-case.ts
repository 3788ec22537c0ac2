import { Inject, Injectable } from '@nestjs/common';
import {
  applicationSubmittedV1,
  createEvent,
  EventEnvelope,
  fundRequestRoutedV1,
  fundRequestUnroutableV1,
  IncomeCheckCompleted,
  PayloadOf,
} from '@fund-desk/contracts';
import { ageOn } from '../../domain/routing';
import { BudgetedRouting } from './budgeted-routing';
import { FundRequest, RoutingCase, RoutingRepository } from '../../infrastructure/routing.repository';

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
        budgetYear: Number(onDate.slice(0, 4)),
      };
      let request: FundRequest;
      let event: EventEnvelope;
      if (check.outcome !== 'eligible') {
        const explanation = [{ fundId: '*', fits: false, reason: 'income-above-limit' }];
        request = { ...base, status: 'not-eligible', fundId: null, endorsementRequired: false, explanation };
        event = createEvent(fundRequestUnroutableV1, {
          ...meta,
          payload: { requestId: item.itemId, applicationId: application.applicationId, itemId: item.itemId, childRef: item.childRef, category: item.category, outcome: 'not-eligible', catalogueVersion, explanation },
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
          item.itemId,
          Number(onDate.slice(0, 4)),
        );
        if (decision.fund) {
          const endorsementRequired = decision.fund.needsEndorsement && application.applicant.role !== 'intermediary';
          request = { ...base, status: 'routed', fundId: decision.fund.id, endorsementRequired, explanation: decision.explanation };
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
}
