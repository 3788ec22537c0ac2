import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { TOPICS } from '@fund-desk/contracts';
import { EventConsumer } from '@fund-desk/platform';
import { NotifyUseCase } from '../use-cases/notify/notify.use-case';

@Controller()
export class NotifyConsumer {
  constructor(
    @Inject(EventConsumer) private readonly consumer: EventConsumer,
    @Inject(NotifyUseCase) private readonly notify: NotifyUseCase,
  ) {}

  @EventPattern(TOPICS.applications)
  onApplication(@Ctx() ctx: KafkaContext) {
    return this.consumer.process(ctx, (event) => this.notify.handle(event));
  }

  @EventPattern(TOPICS.incomeChecks)
  onIncomeCheck(@Ctx() ctx: KafkaContext) {
    return this.consumer.process(ctx, (event) => this.notify.handle(event));
  }

  @EventPattern(TOPICS.fundRequests)
  onFundRequest(@Ctx() ctx: KafkaContext) {
    return this.consumer.process(ctx, (event) => this.notify.handle(event));
  }
}
