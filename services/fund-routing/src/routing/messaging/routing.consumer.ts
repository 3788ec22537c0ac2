import { Controller, Inject } from '@nestjs/common';
import {
  applicationItemsAddedV1,
  applicationObjectionFiledV1,
  applicationSubmittedV1,
  applicationWithdrawnV1,
  isEvent,
  personalDataErasureRequestedV1,
  readIncomeCheckCompleted,
  TOPICS,
  type EventEnvelope,
} from '@fund-desk/contracts';
import { HandlesTopic } from '@fund-desk/platform';
import { RouteApplicationUseCase } from '../use-cases/route-application/route-application.use-case';
import { WithdrawItemsUseCase } from '../use-cases/withdraw-items/withdraw-items.use-case';
import { ReopenRequestUseCase } from '../use-cases/reopen-request/reopen-request.use-case';
import { ErasePersonalDataUseCase } from '../use-cases/erase-personal-data/erase-personal-data.use-case';

@Controller()
export class RoutingConsumer {
  constructor(
    @Inject(RouteApplicationUseCase) private readonly routing: RouteApplicationUseCase,
    @Inject(WithdrawItemsUseCase) private readonly withdrawals: WithdrawItemsUseCase,
    @Inject(ReopenRequestUseCase) private readonly objections: ReopenRequestUseCase,
    @Inject(ErasePersonalDataUseCase) private readonly erasure: ErasePersonalDataUseCase,
  ) {}

  @HandlesTopic(TOPICS.applications)
  async onApplication(event: EventEnvelope): Promise<void> {
    if (isEvent(applicationSubmittedV1, event)) await this.routing.onApplicationSubmitted(event);
    else if (isEvent(applicationItemsAddedV1, event)) await this.routing.onItemsAdded(event);
    else if (isEvent(applicationWithdrawnV1, event)) await this.withdrawals.onApplicationWithdrawn(event);
    else if (isEvent(applicationObjectionFiledV1, event)) await this.objections.onObjectionFiled(event);
  }

  @HandlesTopic(TOPICS.incomeChecks)
  async onIncomeCheck(event: EventEnvelope): Promise<void> {
    const check = readIncomeCheckCompleted(event);
    if (check) await this.routing.onIncomeChecked(event, check);
  }

  /** Created at start-up with every topic (TOPIC_SPECS), so subscribing to it never meets a missing topic. */
  @HandlesTopic(TOPICS.privacy)
  async onPrivacy(event: EventEnvelope): Promise<void> {
    if (isEvent(personalDataErasureRequestedV1, event)) await this.erasure.onErasureRequested(event);
  }
}
