import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@fund-desk/platform';
import { UPTAKE_CONFIG, UptakeConfig } from './config/uptake.config';
import { UptakeController } from './uptake/api/uptake.controller';
import { UptakeRepository } from './uptake/infrastructure/uptake.repository';
import { UptakeFeed } from './uptake/messaging/uptake-feed';
import { RecordEventUseCase } from './uptake/use-cases/record-event/record-event.use-case';
import { ReportUptakeUseCase } from './uptake/use-cases/report-uptake/report-uptake.use-case';
import { SeedEstimates } from './uptake/use-cases/report-uptake/seed-estimates';

@Module({})
export class AppModule {
  static forRoot(config: UptakeConfig): DynamicModule {
    return {
      module: AppModule,
      // No consumer group for the platform: uptake runs its own feed (it must restart it with a fresh group to rebuild).
      imports: [PlatformModule.forRoot({ config })],
      controllers: [UptakeController],
      providers: [{ provide: UPTAKE_CONFIG, useValue: config }, UptakeRepository, RecordEventUseCase, ReportUptakeUseCase, SeedEstimates, UptakeFeed],
    };
  }
}
