import { Inject, Injectable } from '@nestjs/common';
import {
  applicationItemsAddedV1,
  applicationSubmittedV1,
  createEvent,
  EventEnvelope,
  fundRequestDuplicateV1,
  fundRequestRoutedV1,
  fundRequestUnroutableV1,
  fundRequestWithdrawnV1,
  IncomeCheckCompleted,
  PayloadOf,
} from '@fund-desk/contracts';
import { ageOn } from '../../domain/routing';
import { BudgetedRouting } from './budgeted-routing';
import { ChildLedger } from '../../infrastructure/child-ledger';
import { FundRequest, LIVE_STATUSES, RoutingCase, RoutingRepository } from '../../infrastructure/routing.repository';
import { WithdrawItemsUseCase } from '../withdraw-items/withdraw-items.use-case';

type Submitted = PayloadOf<typeof applicationSubmittedV1>;
type ItemsAdded = PayloadOf<typeof applicationItemsAddedV1>;
type Checked = IncomeCheckCompleted;

/** A case changed by someone else while items were being added: read it again this often. */
const ATTEMPTS = 10;

/**
 * Routing needs two facts that arrive on two topics in either order: the submitted items and the income
 * check outcome. Each is recorded on the routing case; whichever completes the pair routes every item.
 * Items added to the application later join the case: with the rest when it is not routed yet, at once
 * (on the same income check) when it is. Request ids are the item ids, so routing twice (a redelivery, two
 * instances) stores and publishes once. Items withdrawn before they were routed are stored as withdrawn.
 */
@Injectable()
export class RouteApplicationUseCase {
  constructor(
    @Inject(RoutingRepository) private readonly repository: RoutingRepository,
    @Inject(BudgetedRouting) private readonly budgeted: BudgetedRouting,
    @Inject(ChildLedger) private readonly children: ChildLedger,
    @Inject(WithdrawItemsUseCase) private readonly withdrawals: WithdrawItemsUseCase,
  ) {}

  async onApplicationSubmitted(event: EventEnvelope<Submitted>): Promise<void> {
    const routingCase = await this.repository.recordCasePart(event.payload.applicationId, 'application', event.payload, event.id);
    await this.routeWhenComplete(routingCase, event);
  }

  async onIncomeChecked(event: EventEnvelope, check: Checked): Promise<void> {
    const routingCase = await this.repository.recordCasePart(check.applicationId, 'incomeCheck', check, event.id);
    await this.routeWhenComplete(routingCase, event);
  }

  /**
   * New needs on an open application: the children (by ref) and items join the stored application once
   * each; a case routed already routes them now, one not routed yet routes them with the rest.
   */
  async onItemsAdded(event: EventEnvelope<ItemsAdded>): Promise<void> {
    const { applicationId, children, items } = event.payload;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const routingCase = await this.repository.findCase(applicationId);
      const application = routingCase?.application as Submitted | undefined;
      // application.submitted comes first on the same partition; without it, retry (then dead-letter).
      if (!routingCase || !application) throw new Error(`Items added to application ${applicationId}, which routing has not seen`);
      if (routingCase.erasedAt) return;
      const newChildren = children.filter((c) => !application.children.some((known) => known.ref === c.ref));
      const newItems = items.filter((i) => !application.items.some((known) => known.itemId === i.itemId));
      if (newChildren.length || newItems.length) {
        const changed = await this.repository.changeCaseApplication(applicationId, routingCase.version ?? null, {
          $set: { 'application.children': [...application.children, ...newChildren], 'application.items': [...application.items, ...newItems] },
        });
        if (!changed) continue;
      }
      // Routed already (read after the items joined: routing that finishes meanwhile picks them up itself).
      const current = newChildren.length || newItems.length ? await this.repository.findCase(applicationId) : routingCase;
      // Every item of the event, not only the new ones: a redelivery after a crash routes what was missed.
      if (current?.routedAt) await this.routeItems(current, items.map((i) => i.itemId), event);
      return;
    }
    throw new Error(`Routing case ${applicationId} kept changing while items were added; trying again`);
  }

  private async routeWhenComplete(routingCase: RoutingCase, cause: EventEnvelope): Promise<void> {
    if (!this.isComplete(routingCase) || routingCase.routedAt) return;
    const application = routingCase.application as unknown as Submitted;
    const routed = await this.routeItems(routingCase, application.items.map((i) => i.itemId), cause);
    await this.repository.markCaseRouted(application.applicationId);
    // Items added while this ran found the case not routed yet and left them to this pass: route them too.
    const after = await this.repository.findCase(application.applicationId);
    const late = ((after?.application as Submitted | undefined)?.items ?? []).map((i) => i.itemId).filter((id) => !routed.has(id));
    if (after && late.length) await this.routeItems(after, late, cause);
  }

  /** Both facts are there and the check has an outcome (while evidence is needed, routing waits). */
  private isComplete(routingCase: RoutingCase): boolean {
    const check = routingCase.incomeCheck as unknown as Checked | undefined;
    return !!routingCase.application && !!check && check.outcome !== 'needs-evidence';
  }

  /**
   * Routes the given items of a complete case, each to the first fund that fits and has room, or flags it
   * (not eligible, duplicate, unroutable, withdrawn before routing); items that have a request already are
   * left alone. Returns the ids it went through.
   */
  private async routeItems(routingCase: RoutingCase, itemIds: string[], cause: EventEnvelope): Promise<Set<string>> {
    const done = new Set<string>();
    if (!this.isComplete(routingCase) || routingCase.erasedAt) return done;
    const application = routingCase.application as unknown as Submitted;
    const check = routingCase.incomeCheck as unknown as Checked;
    const funds = await this.repository.listFunds();
    const catalogueVersion = funds.reduce((sum, f) => sum + f.version, 0);
    const onDate = application.submittedAt.slice(0, 10);
    const meta = { correlationId: application.applicationId, causationId: cause.id, producer: 'fund-routing' };
    const withdrawn = new Set(routingCase.withdrawnItemIds ?? []);
    const routedNow: string[] = [];

    for (const item of application.items.filter((i) => itemIds.includes(i.itemId))) {
      done.add(item.itemId);
      // Routed before (a redelivery, items added twice): reserving again would hold what a decision gave back.
      if (await this.repository.findRequest(item.itemId)) continue;
      const child = application.children.find((c) => c.ref === item.childRef)!;
      const childAge = ageOn(child.birthDate, onDate);
      const year = Number(onDate.slice(0, 4));
      const ref = { requestId: item.itemId, applicationId: application.applicationId, itemId: item.itemId, childRef: item.childRef, category: item.category };
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
      let request: FundRequest;
      let event: EventEnvelope;
      if (withdrawn.has(item.itemId)) {
        // Withdrawn before it reached a fund: nothing reserved, no need claimed; the item still gets its outcome.
        const explanation = [{ fundId: '*', fits: false, reason: 'withdrawn' }];
        request = { ...base, status: 'withdrawn', fundId: null, endorsementRequired: false, explanation };
        event = createEvent(fundRequestWithdrawnV1, { ...meta, payload: { ...ref, fundId: null } });
        await this.repository.insertRequest(request, [event]);
        continue;
      }
      // The same need for the same child this year, still open or granted: flagged, not routed twice.
      const duplicateOf = eligible && child.key ? await this.children.claimNeed(child.key, item.category, year, item.itemId, (id) => this.isLive(id)) : null;
      if (!eligible) {
        const explanation = [{ fundId: '*', fits: false, reason: 'income-above-limit' }];
        request = { ...base, status: 'not-eligible', fundId: null, endorsementRequired: false, explanation };
        event = createEvent(fundRequestUnroutableV1, { ...meta, payload: { ...ref, outcome: 'not-eligible', catalogueVersion, explanation } });
      } else if (duplicateOf) {
        const explanation = [{ fundId: '*', fits: false, reason: 'duplicate' }];
        request = { ...base, status: 'duplicate', fundId: null, endorsementRequired: false, explanation, duplicateOf };
        event = createEvent(fundRequestDuplicateV1, { ...meta, payload: { ...ref, duplicateOf, year } });
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
              ...ref,
              amountCents: item.amountCents,
              fundId: decision.fund.id,
              fundName: decision.fund.name,
              catalogueVersion,
              endorsementRequired,
              explanation: decision.explanation,
            },
          });
          routedNow.push(item.itemId);
        } else {
          // Nothing holds this need now: a later request for it is not a duplicate.
          if (child.key) await this.children.releaseNeed(child.key, item.category, year, item.itemId);
          request = { ...base, status: 'unroutable', fundId: null, endorsementRequired: false, explanation: decision.explanation };
          event = createEvent(fundRequestUnroutableV1, { ...meta, payload: { ...ref, outcome: 'no-fund-fits', catalogueVersion, explanation: decision.explanation } });
        }
      }
      await this.repository.insertRequest(request, [event]);
    }

    // A withdrawal that came in while these were routed found no request to stop: stop them now.
    if (routedNow.length) {
      const latest = await this.repository.findCase(application.applicationId);
      for (const itemId of routedNow.filter((id) => latest?.withdrawnItemIds?.includes(id))) {
        await this.withdrawals.withdrawRequest(itemId, cause);
      }
    }
    return done;
  }

  /** Whether a request still goes on (or was granted); null when it is not stored (yet). */
  private async isLive(requestId: string): Promise<boolean | null> {
    const request = await this.repository.findRequest(requestId);
    return request ? LIVE_STATUSES.includes(request.status) : null;
  }
}
