import { Controller, Inject } from '@nestjs/common';
import { isEvent, personalDataErasureRequestedV1, TOPICS, type EventEnvelope } from '@fund-desk/contracts';
import { HandlesTopic } from '@fund-desk/platform';
import { ErasePersonalDataUseCase } from '../use-cases/erase-personal-data/erase-personal-data.use-case';

@Controller()
export class PrivacyConsumer {
  constructor(
    @Inject(ErasePersonalDataUseCase) private readonly erase: ErasePersonalDataUseCase,
  ) {}

  @HandlesTopic(TOPICS.privacy)
  async onPrivacy(event: EventEnvelope): Promise<void> {
    if (isEvent(personalDataErasureRequestedV1, event)) await this.erase.execute(event.payload);
  }
}
