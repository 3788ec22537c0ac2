import { Controller, Inject } from '@nestjs/common';
import { TOPICS, type EventEnvelope } from '@fund-desk/contracts';
import { HandlesTopic } from '@fund-desk/platform';
import { NotifyUseCase } from '../use-cases/notify/notify.use-case';

@Controller()
export class NotifyConsumer {
  constructor(
    @Inject(NotifyUseCase) private readonly notify: NotifyUseCase,
  ) {}

  @HandlesTopic(TOPICS.applications)
  onApplication(event: EventEnvelope): Promise<void> {
    return this.notify.handle(event);
  }

  @HandlesTopic(TOPICS.incomeChecks)
  onIncomeCheck(event: EventEnvelope): Promise<void> {
    return this.notify.handle(event);
  }

  @HandlesTopic(TOPICS.fundRequests)
  onFundRequest(event: EventEnvelope): Promise<void> {
    return this.notify.handle(event);
  }
}
