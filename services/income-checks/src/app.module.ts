import { DynamicModule, Module } from '@nestjs/common';
import { getModelToken, MongooseModule } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AuditLog, CircuitBreaker, PlatformModule } from '@fund-desk/platform';
import { INCOME_CHECKS_CONFIG, IncomeChecksConfig } from './config/income-checks.config';
import { IncomeChecksController } from './income-checks/api/income-checks.controller';
import { NormsController } from './income-checks/api/norms.controller';
import { DataProtection } from './income-checks/infrastructure/data-protection';
import { EvidenceRepository } from './income-checks/infrastructure/evidence.repository';
import { IncomeChecksRepository } from './income-checks/infrastructure/income-checks.repository';
import {
  ApplicationCheckSchema,
  AuditSchema,
  EvidenceSchema,
  HouseholdSchema,
  IncomeCheckSchema,
  MODELS,
  MunicipalitySchema,
  NormSchema,
} from './income-checks/infrastructure/income-checks.schemas';
import { HttpRegisterClient, parseRegisterEndpoints } from './income-checks/infrastructure/register.client';
import { EvidencePurgeJob } from './income-checks/jobs/evidence-purge.job';
import { RegisterLookupQueue } from './income-checks/jobs/register-lookup.queue';
import { IncomeDeclarationsConsumer } from './income-checks/messaging/income-declarations.consumer';
import { PrivacyConsumer } from './income-checks/messaging/privacy.consumer';
import { CheckCompletion } from './income-checks/use-cases/complete-check/check-completion';
import { ErasePersonalDataUseCase } from './income-checks/use-cases/erase-personal-data/erase-personal-data.use-case';
import { EvidenceUseCases, INCOME_AUDIT_LOG } from './income-checks/use-cases/evidence/evidence.use-cases';
import { ReceiveDeclarationUseCase } from './income-checks/use-cases/receive-declaration/receive-declaration.use-case';
import { REGISTER_BREAKER, RegisterLookupUseCase } from './income-checks/use-cases/register-lookup/register-lookup.use-case';

@Module({})
export class AppModule {
  static forRoot(config: IncomeChecksConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, consumerGroup: config.CONSUMER_GROUP, consumeFromBeginning: config.CONSUME_FROM_BEGINNING === 'true' }),
        MongooseModule.forFeature([
          { name: MODELS.check, schema: IncomeCheckSchema },
          { name: MODELS.household, schema: HouseholdSchema },
          { name: MODELS.applicationCheck, schema: ApplicationCheckSchema },
          { name: MODELS.evidence, schema: EvidenceSchema },
          { name: MODELS.audit, schema: AuditSchema },
          { name: MODELS.norm, schema: NormSchema },
          { name: MODELS.municipality, schema: MunicipalitySchema },
        ]),
      ],
      // NormsController first: its fixed paths (/norms, /municipalities) must win over /:checkId.
      controllers: [NormsController, IncomeChecksController, IncomeDeclarationsConsumer, PrivacyConsumer],
      providers: [
        { provide: INCOME_CHECKS_CONFIG, useValue: config },
        {
          provide: HttpRegisterClient,
          useFactory: () => new HttpRegisterClient(parseRegisterEndpoints(config.REGISTERS), config.REGISTER_TIMEOUT_MS),
        },
        {
          provide: REGISTER_BREAKER,
          useFactory: () => new CircuitBreaker({ failureThreshold: config.REGISTER_BREAKER_FAILURES, openMs: config.REGISTER_BREAKER_OPEN_MS }),
        },
        {
          provide: INCOME_AUDIT_LOG,
          inject: [getModelToken(MODELS.audit)],
          useFactory: async (model: Model<unknown>) => {
            const log = new AuditLog(model.collection as never);
            await log.ensureIndexes();
            return log;
          },
        },
        DataProtection,
        IncomeChecksRepository,
        EvidenceRepository,
        CheckCompletion,
        ReceiveDeclarationUseCase,
        RegisterLookupUseCase,
        RegisterLookupQueue,
        EvidencePurgeJob,
        EvidenceUseCases,
        ErasePersonalDataUseCase,
      ],
    };
  }
}
