import { Controller, Inject } from '@nestjs/common';
import { TOPICS, type EventEnvelope } from '@fund-desk/contracts';
import { HandlesTopic } from '@fund-desk/platform';
import { RecordProgressUseCase } from '../use-cases/record-progress/record-progress.use-case';

/** Follows income checks and fund requests so the parent's view stays current. */
@Controller()
export class ProgressConsumer {
  constructor(
    @Inject(RecordProgressUseCase) private readonly recordProgress: RecordProgressUseCase,
  ) {}

  @HandlesTopic(TOPICS.incomeChecks)
  onIncomeCheck(event: EventEnvelope): Promise<void> {
    return this.recordProgress.handle(event);
  }

  @HandlesTopic(TOPICS.fundRequests)
  onFundRequest(event: EventEnvelope): Promise<void> {
    return this.recordProgress.handle(event);
  }
}
