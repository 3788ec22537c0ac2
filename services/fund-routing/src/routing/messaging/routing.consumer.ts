import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { applicationSubmittedV1, isEvent, readIncomeCheckCompleted, TOPICS } from '@fund-desk/contracts';
import { EventConsumer } from '@fund-desk/platform';
import { RouteApplicationUseCase } from '../use-cases/route-application/route-application.use-case';

@Controller()
export class RoutingConsumer {
  constructor(
    @Inject(EventConsumer) private readonly consumer: EventConsumer,
    @Inject(RouteApplicationUseCase) private readonly routing: RouteApplicationUseCase,
  ) {}

  @EventPattern(TOPICS.applications)
  onApplication(@Ctx() ctx: KafkaContext) {
    return this.consumer.process(ctx, async (event) => {
      if (isEvent(applicationSubmittedV1, event)) await this.routing.onApplicationSubmitted(event);
    });
  }

  @EventPattern(TOPICS.incomeChecks)
  onIncomeCheck(@Ctx() ctx: KafkaContext) {
    return this.consumer.process(ctx, async (event) => {
      const check = readIncomeCheckCompleted(event);
      if (check) await this.routing.onIncomeChecked(event, check);
    });
  }
}
