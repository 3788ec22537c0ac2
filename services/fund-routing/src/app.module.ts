import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AuditLog, PlatformModule } from '@fund-desk/platform';
import { FUND_ROUTING_CONFIG, FundRoutingConfig } from './config/fund-routing.config';
import { FundRequestsController } from './routing/api/fund-requests.controller';
import { RoutingRepository } from './routing/infrastructure/routing.repository';
import {
  BudgetSchema,
  ChildLimitsSchema,
  ChildNeedSchema,
  FundRequestSchema,
  FundSchema,
  FundVersionSchema,
  MODELS,
  PaymentBatchSchema,
  ReservationSchema,
  RoutingCaseSchema,
} from './routing/infrastructure/routing.schemas';
import { ChildLedger } from './routing/infrastructure/child-ledger';
import { PaymentBatchRepository } from './routing/infrastructure/payment-batch.repository';
import { PayProvidersUseCase } from './routing/use-cases/pay-providers/pay-providers.use-case';
import { STAFF_READ_AUDIT, StaffReadAudit } from './routing/infrastructure/staff-read-audit';
import { PaymentBatchesController } from './routing/api/payment-batches.controller';
import { ReconcileBudgetsUseCase } from './routing/use-cases/reconcile-budgets/reconcile-budgets.use-case';
import { BudgetReconciliationJob } from './routing/jobs/budget-reconciliation.job';
import { RoutingConsumer } from './routing/messaging/routing.consumer';
import { RouteApplicationUseCase } from './routing/use-cases/route-application/route-application.use-case';
import { DecideRequestUseCase } from './routing/use-cases/decide-request/decide-request.use-case';
import { BudgetedRouting } from './routing/use-cases/route-application/budgeted-routing';
import { BudgetLedger } from './routing/infrastructure/budget-ledger';
import { WithdrawItemsUseCase } from './routing/use-cases/withdraw-items/withdraw-items.use-case';
import { ReopenRequestUseCase } from './routing/use-cases/reopen-request/reopen-request.use-case';
import { ErasePersonalDataUseCase } from './routing/use-cases/erase-personal-data/erase-personal-data.use-case';

@Module({})
export class AppModule {
  static forRoot(config: FundRoutingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, consumerGroup: config.CONSUMER_GROUP, consumeFromBeginning: config.CONSUME_FROM_BEGINNING === 'true' }),
        MongooseModule.forFeature([
          { name: MODELS.fund, schema: FundSchema },
          { name: MODELS.routingCase, schema: RoutingCaseSchema },
          { name: MODELS.request, schema: FundRequestSchema },
          { name: MODELS.budget, schema: BudgetSchema },
          { name: MODELS.reservation, schema: ReservationSchema },
          { name: MODELS.fundVersion, schema: FundVersionSchema },
          { name: MODELS.childLimits, schema: ChildLimitsSchema },
          { name: MODELS.childNeed, schema: ChildNeedSchema },
          { name: MODELS.paymentBatch, schema: PaymentBatchSchema },
        ]),
      ],
      controllers: [FundRequestsController, PaymentBatchesController, RoutingConsumer],
      providers: [
        { provide: FUND_ROUTING_CONFIG, useValue: config },
        {
          provide: STAFF_READ_AUDIT,
          inject: ['PLATFORM_CONNECTION'],
          useFactory: (connection: Connection) => new StaffReadAudit(new AuditLog(connection.db!.collection('audit-log'))),
        },
        RoutingRepository, BudgetLedger, ChildLedger, BudgetedRouting, RouteApplicationUseCase, DecideRequestUseCase, WithdrawItemsUseCase, ReopenRequestUseCase, ErasePersonalDataUseCase, PaymentBatchRepository, PayProvidersUseCase, ReconcileBudgetsUseCase, BudgetReconciliationJob],
    };
  }
}
