import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformModule } from '@fund-desk/platform';
import { INCOME_CHECKS_CONFIG, IncomeChecksConfig } from './config/income-checks.config';
import { NormsController } from './income-checks/api/norms.controller';
import { IncomeChecksRepository } from './income-checks/infrastructure/income-checks.repository';
import { IncomeCheckSchema, MODELS, MunicipalitySchema, NormSchema } from './income-checks/infrastructure/income-checks.schemas';
import { IncomeDeclarationsConsumer } from './income-checks/messaging/income-declarations.consumer';
import { CompleteCheckUseCase } from './income-checks/use-cases/complete-check/complete-check.use-case';

@Module({})
export class AppModule {
  static forRoot(config: IncomeChecksConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, consumerGroup: config.CONSUMER_GROUP }),
        MongooseModule.forFeature([
          { name: MODELS.check, schema: IncomeCheckSchema },
          { name: MODELS.norm, schema: NormSchema },
          { name: MODELS.municipality, schema: MunicipalitySchema },
        ]),
      ],
      controllers: [NormsController, IncomeDeclarationsConsumer],
      providers: [{ provide: INCOME_CHECKS_CONFIG, useValue: config }, IncomeChecksRepository, CompleteCheckUseCase],
    };
  }
}
