import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { isEvent, personalDataErasureRequestedV1, TOPICS } from '@fund-desk/contracts';
import { EventConsumer } from '@fund-desk/platform';
import { ErasePersonalDataUseCase } from '../use-cases/erase-personal-data/erase-personal-data.use-case';

@Controller()
export class PrivacyConsumer {
  constructor(
    @Inject(EventConsumer) private readonly consumer: EventConsumer,
    @Inject(ErasePersonalDataUseCase) private readonly erase: ErasePersonalDataUseCase,
  ) {}

  @EventPattern(TOPICS.privacy)
  onPrivacy(@Ctx() ctx: KafkaContext) {
    return this.consumer.process(ctx, async (event) => {
      if (isEvent(personalDataErasureRequestedV1, event)) await this.erase.execute(event.payload);
    });
  }
}
