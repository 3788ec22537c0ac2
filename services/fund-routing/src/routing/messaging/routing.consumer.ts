import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import {
  applicationItemsAddedV1,
  applicationObjectionFiledV1,
  applicationSubmittedV1,
  applicationWithdrawnV1,
  isEvent,
  personalDataErasureRequestedV1,
  readIncomeCheckCompleted,
  TOPICS,
} from '@fund-desk/contracts';
import { EventConsumer } from '@fund-desk/platform';
import { RouteApplicationUseCase } from '../use-cases/route-application/route-application.use-case';
import { WithdrawItemsUseCase } from '../use-cases/withdraw-items/withdraw-items.use-case';
import { ReopenRequestUseCase } from '../use-cases/reopen-request/reopen-request.use-case';
import { ErasePersonalDataUseCase } from '../use-cases/erase-personal-data/erase-personal-data.use-case';

@Controller()
export class RoutingConsumer {
  constructor(
    @Inject(EventConsumer) private readonly consumer: EventConsumer,
    @Inject(RouteApplicationUseCase) private readonly routing: RouteApplicationUseCase,
    @Inject(WithdrawItemsUseCase) private readonly withdrawals: WithdrawItemsUseCase,
    @Inject(ReopenRequestUseCase) private readonly objections: ReopenRequestUseCase,
    @Inject(ErasePersonalDataUseCase) private readonly erasure: ErasePersonalDataUseCase,
  ) {}

  @EventPattern(TOPICS.applications)
  onApplication(@Ctx() ctx: KafkaContext) {
    return this.consumer.process(ctx, async (event) => {
      if (isEvent(applicationSubmittedV1, event)) await this.routing.onApplicationSubmitted(event);
      else if (isEvent(applicationItemsAddedV1, event)) await this.routing.onItemsAdded(event);
      else if (isEvent(applicationWithdrawnV1, event)) await this.withdrawals.onApplicationWithdrawn(event);
      else if (isEvent(applicationObjectionFiledV1, event)) await this.objections.onObjectionFiled(event);
    });
  }

  @EventPattern(TOPICS.incomeChecks)
  onIncomeCheck(@Ctx() ctx: KafkaContext) {
    return this.consumer.process(ctx, async (event) => {
      const check = readIncomeCheckCompleted(event);
      if (check) await this.routing.onIncomeChecked(event, check);
    });
  }

  /** Created at start-up with every topic (TOPIC_SPECS), so subscribing to it never meets a missing topic. */
  @EventPattern(TOPICS.privacy)
  onPrivacy(@Ctx() ctx: KafkaContext) {
    return this.consumer.process(ctx, async (event) => {
      if (isEvent(personalDataErasureRequestedV1, event)) await this.erasure.onErasureRequested(event);
    });
  }
}
