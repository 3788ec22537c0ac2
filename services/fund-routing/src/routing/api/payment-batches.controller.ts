import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AccessTo, CurrentPrincipal, Principal, Roles, ValidationFailed } from '@fund-desk/platform';
import type { PaymentBatch } from '../infrastructure/payment-batch.repository';
import { PayProvidersUseCase } from '../use-cases/pay-providers/pay-providers.use-case';

export class CreateBatchDto {
  @ApiPropertyOptional({ description: 'The day the bank should pay (YYYY-MM-DD); default: the next working day', example: '2026-11-24' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  executionDate?: string;
}

export class MarkPaidDto {
  @ApiPropertyOptional({ description: "The bank's reference for the executed file" }) @IsOptional() @IsString() @MaxLength(200) bankReference?: string;
}

export class BatchListQuery {
  @ApiPropertyOptional({ default: 20, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class BatchPaymentResponse {
  @ApiProperty() requestId: string;
  @ApiProperty({ description: 'Comes back on the bank statement' }) endToEndId: string;
  @ApiProperty() amountCents: number;
  @ApiProperty() creditorName: string;
  @ApiProperty() creditorIban: string;
  @ApiProperty() remittance: string;
}

export class PaymentBatchResponse {
  @ApiProperty() id: string;
  @ApiProperty() fundId: string;
  @ApiProperty({ enum: ['open', 'paid', 'cancelled'] }) status: string;
  @ApiProperty({ description: 'MsgId of the SEPA file' }) messageId: string;
  @ApiProperty() requestedExecutionDate: string;
  @ApiProperty() numberOfPayments: number;
  @ApiProperty() totalCents: number;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional() paidAt?: string;
  @ApiPropertyOptional({ type: [BatchPaymentResponse] }) payments?: BatchPaymentResponse[];
}

const view = (batch: PaymentBatch, withPayments: boolean): PaymentBatchResponse => ({
  id: batch.id,
  fundId: batch.fundId,
  status: batch.status,
  messageId: batch.messageId,
  requestedExecutionDate: batch.requestedExecutionDate,
  numberOfPayments: batch.numberOfPayments,
  totalCents: batch.totalCents,
  createdAt: new Date(batch.createdAt).toISOString(),
  ...(batch.paidAt ? { paidAt: new Date(batch.paidAt).toISOString() } : {}),
  ...(withPayments ? { payments: batch.payments.map(({ requestId, endToEndId, amountCents, creditorName, creditorIban, remittance }) => ({ requestId, endToEndId, amountCents, creditorName, creditorIban, remittance })) } : {}),
});

/** The next working day (Monday to Friday) after a date, as YYYY-MM-DD. */
export function nextWorkingDay(now: Date): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

@ApiTags('payments')
@ApiBearerAuth()
@Controller('funds/:fundId/payment-batches')
@Roles('fund-staff')
export class PaymentBatchesController {
  constructor(@Inject(PayProvidersUseCase) private readonly payments: PayProvidersUseCase) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Put every approved, unpaid provider payment of the fund into a new batch' })
  @ApiResponse({ status: 201, type: PaymentBatchResponse })
  @ApiResponse({ status: 409, description: 'Nothing to pay, or the fund has no bank account' })
  @AccessTo('fund', 'fundId')
  async create(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Body() body: CreateBatchDto): Promise<PaymentBatchResponse> {
    const now = new Date();
    const executionDate = body.executionDate ?? nextWorkingDay(now);
    const date = new Date(`${executionDate}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== executionDate || executionDate < now.toISOString().slice(0, 10)) {
      throw new ValidationFailed([{ pointer: '/executionDate', code: 'invalid', detail: 'a date from today on (YYYY-MM-DD)' }]);
    }
    return view(await this.payments.createBatch({ fundId, by: principal.subject, executionDate, now }), true);
  }

  @Get()
  @ApiOperation({ summary: "The fund's payment batches, newest first" })
  @ApiOkResponse({ type: [PaymentBatchResponse] })
  @AccessTo('fund', 'fundId')
  async list(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Query() query: BatchListQuery): Promise<{ items: PaymentBatchResponse[] }> {
    const batches = await this.payments.list(fundId, query.limit ?? 20, query.offset ?? 0);
    return { items: batches.map((b) => view(b, false)) };
  }

  @Get(':batchId')
  @ApiOperation({ summary: 'One batch with its payments' })
  @ApiOkResponse({ type: PaymentBatchResponse })
  @AccessTo('fund', 'fundId')
  async one(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('batchId') batchId: string): Promise<PaymentBatchResponse> {
    return view(await this.payments.batch(fundId, batchId), true);
  }

  @Get(':batchId/pain.001.xml')
  @ApiOperation({ summary: 'The batch as a SEPA credit-transfer file (pain.001.001.03) for the bank' })
  @ApiProduces('application/xml')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  @AccessTo('fund', 'fundId')
  async sepa(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('batchId') batchId: string): Promise<StreamableFile> {
    const batch = await this.payments.batch(fundId, batchId);
    const xml = await this.payments.sepaFile(batch);
    return new StreamableFile(Buffer.from(xml, 'utf8'), { disposition: `attachment; filename="${batch.messageId}.xml"`, type: 'application/xml; charset=utf-8' });
  }

  @Get(':batchId/payments.csv')
  @ApiOperation({ summary: 'The batch as CSV for the bookkeeping' })
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @AccessTo('fund', 'fundId')
  async csv(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('batchId') batchId: string): Promise<StreamableFile> {
    const batch = await this.payments.batch(fundId, batchId);
    return new StreamableFile(Buffer.from(this.payments.csvFile(batch), 'utf8'), { disposition: `attachment; filename="${batch.messageId}.csv"`, type: 'text/csv; charset=utf-8' });
  }

  @Post(':batchId/paid')
  @HttpCode(200)
  @ApiOperation({ summary: 'The bank executed the file: every payment in it is recorded as fulfilled (provider paid)' })
  @ApiOkResponse({ type: PaymentBatchResponse })
  @AccessTo('fund', 'fundId')
  async paid(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('batchId') batchId: string, @Body() body: MarkPaidDto): Promise<PaymentBatchResponse> {
    return view(await this.payments.markPaid({ fundId, batchId, by: principal.subject, bankReference: body.bankReference, now: new Date() }), true);
  }

  @Post(':batchId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'An open batch that will not be sent: its payments can go into a new batch' })
  @ApiOkResponse({ type: PaymentBatchResponse })
  @AccessTo('fund', 'fundId')
  async cancel(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('batchId') batchId: string): Promise<PaymentBatchResponse> {
    return view(await this.payments.cancel({ fundId, batchId, by: principal.subject, now: new Date() }), true);
  }
}
