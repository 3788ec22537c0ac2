import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { incomeDeclaredV1, isEvent, TOPICS } from '@fund-desk/contracts';
import { EventConsumer } from '@fund-desk/platform';
import { ReceiveDeclarationUseCase } from '../use-cases/receive-declaration/receive-declaration.use-case';

@Controller()
export class IncomeDeclarationsConsumer {
  constructor(
    @Inject(EventConsumer) private readonly consumer: EventConsumer,
    @Inject(ReceiveDeclarationUseCase) private readonly receive: ReceiveDeclarationUseCase,
  ) {}

  @EventPattern(TOPICS.incomeDeclarations)
  onDeclaration(@Ctx() ctx: KafkaContext) {
    return this.consumer.process(ctx, async (event) => {
      if (isEvent(incomeDeclaredV1, event)) await this.receive.execute(event);
    });
  }
}
