import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformModule } from '@fund-desk/platform';
import { ApplicationsController } from './applications/api/applications.controller';
import { APPLICATION_MODEL, ApplicationSchema } from './applications/infrastructure/application.schema';
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
        PlatformModule.forRoot({ config, consumerGroup: config.CONSUMER_GROUP }),
        MongooseModule.forFeature([{ name: APPLICATION_MODEL, schema: ApplicationSchema }]),
      ],
      controllers: [ApplicationsController, ProgressConsumer],
      providers: [
        { provide: APPLICATIONS_CONFIG, useValue: config },
        ApplicationRepository,
        ChildKeys,
        SubmitApplicationUseCase,
        RecordProgressUseCase,
      ],
    };
  }
}
