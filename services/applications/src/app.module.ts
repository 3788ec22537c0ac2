import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformModule } from '@fund-desk/platform';
import { ApplicationsController } from './applications/api/applications.controller';
import {
  APPLICATION_MODEL,
  ApplicationSchema,
  DecisionTimeSchema,
  DraftSchema,
  ErasureRequestSchema,
  FamilyLinkSchema,
  HouseholdSchema,
  MODELS,
} from './applications/infrastructure/application.schema';
import { HouseholdRepository } from './applications/infrastructure/household.repository';
import { WaitingTimes } from './applications/infrastructure/waiting-times';
import { DraftsController } from './applications/api/drafts.controller';
import { FamilyLinksController } from './applications/api/family-links.controller';
import { FamilyLinkRepository } from './applications/infrastructure/family-link.repository';
import { FamilyLinksUseCase } from './applications/use-cases/family-links/family-links.use-case';
import { SeeApplicationsUseCase } from './applications/use-cases/see-applications/see-applications.use-case';
import { MyDataController } from './applications/api/my-data.controller';
import { ChangeApplicationUseCase } from './applications/use-cases/change-application/change-application.use-case';
import { DraftsUseCase } from './applications/use-cases/drafts/drafts.use-case';
import { PrivacyUseCase } from './applications/use-cases/privacy/privacy.use-case';
import { RetentionJob } from './applications/jobs/retention.job';
import { ApplicationRepository } from './applications/infrastructure/application.repository';
import { ChildKeys } from './applications/infrastructure/child-keys';
import { ProgressConsumer } from './applications/messaging/progress.consumer';
import { RecordProgressUseCase } from './applications/use-cases/record-progress/record-progress.use-case';
import { SubmitApplicationUseCase } from './applications/use-cases/submit-application/submit-application.use-case';
import { APPLICATIONS_CONFIG, ApplicationsConfig } from './config/applications.config';

@Module({})
export class AppModule {
  static forRoot(config: ApplicationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, consumerGroup: config.CONSUMER_GROUP, consumeFromBeginning: config.CONSUME_FROM_BEGINNING === 'true' }),
        MongooseModule.forFeature([
          { name: APPLICATION_MODEL, schema: ApplicationSchema },
          { name: MODELS.household, schema: HouseholdSchema },
          { name: MODELS.draft, schema: DraftSchema },
          { name: MODELS.decisionTime, schema: DecisionTimeSchema },
          { name: MODELS.erasure, schema: ErasureRequestSchema },
          { name: MODELS.familyLink, schema: FamilyLinkSchema },
        ]),
      ],
      // Static paths (drafts, me) before ApplicationsController's ':id'.
      controllers: [DraftsController, MyDataController, ApplicationsController, FamilyLinksController, ProgressConsumer],
      providers: [
        { provide: APPLICATIONS_CONFIG, useValue: config },
        ApplicationRepository,
        ChildKeys,
        FamilyLinkRepository,
        FamilyLinksUseCase,
        HouseholdRepository,
        WaitingTimes,
        ChangeApplicationUseCase,
        DraftsUseCase,
        PrivacyUseCase,
        RetentionJob,
        SeeApplicationsUseCase,
        SubmitApplicationUseCase,
        RecordProgressUseCase,
      ],
    };
  }
}
