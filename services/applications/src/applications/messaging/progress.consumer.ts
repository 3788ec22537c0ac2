import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { TOPICS } from '@fund-desk/contracts';
import { EventConsumer } from '@fund-desk/platform';
import { RecordProgressUseCase } from '../use-cases/record-progress/record-progress.use-case';

/** Follows income checks and fund requests so the parent's view stays current. */
@Controller()
export class ProgressConsumer {
  constructor(
    @Inject(EventConsumer) private readonly consumer: EventConsumer,
    @Inject(RecordProgressUseCase) private readonly recordProgress: RecordProgressUseCase,
  ) {}

  @EventPattern(TOPICS.incomeChecks)
  onIncomeCheck(@Ctx() ctx: KafkaContext) {
    return this.consumer.process(ctx, (event) => this.recordProgress.handle(event));
  }

  @EventPattern(TOPICS.fundRequests)
  onFundRequest(@Ctx() ctx: KafkaContext) {
    return this.consumer.process(ctx, (event) => this.recordProgress.handle(event));
  }
}
