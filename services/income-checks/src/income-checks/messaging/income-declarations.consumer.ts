import { Controller, Inject } from '@nestjs/common';
import { incomeDeclaredV1, isEvent, TOPICS, type EventEnvelope } from '@fund-desk/contracts';
import { HandlesTopic } from '@fund-desk/platform';
import { ReceiveDeclarationUseCase } from '../use-cases/receive-declaration/receive-declaration.use-case';

@Controller()
export class IncomeDeclarationsConsumer {
  constructor(
    @Inject(ReceiveDeclarationUseCase) private readonly receive: ReceiveDeclarationUseCase,
  ) {}

  @HandlesTopic(TOPICS.incomeDeclarations)
  async onDeclaration(event: EventEnvelope): Promise<void> {
    if (isEvent(incomeDeclaredV1, event)) await this.receive.execute(event);
  }
}
