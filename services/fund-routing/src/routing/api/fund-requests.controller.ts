import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Put, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CATEGORIES, DECLINE_REASONS, FULFILMENT_METHODS, QUEUE_STATUSES } from '@fund-desk/contracts';
import type { DeclineReason, FulfilmentMethod } from '@fund-desk/contracts';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AccessTo, CurrentPrincipal, FieldProblem, ForbiddenError, isValidIban, Principal, Roles, ValidationFailed } from '@fund-desk/platform';
import type { Fund } from '../domain/fund';
import { FundDto } from './fund.dto';
import { FundRequest, RoutingRepository } from '../infrastructure/routing.repository';
import { clientAddressOf, STAFF_READ_AUDIT, StaffReadAudit } from '../infrastructure/staff-read-audit';
import { BudgetLedger } from '../infrastructure/budget-ledger';
import { DecideRequestUseCase } from '../use-cases/decide-request/decide-request.use-case';
import { ReconcileBudgetsUseCase } from '../use-cases/reconcile-budgets/reconcile-budgets.use-case';

export class FundRequestResponse {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() category: string;
  @ApiProperty({ example: 'routed' }) status: string;
  @ApiProperty() amountCents: number;
  @ApiProperty({ description: "Child's first name: all the fund needs to know of the child, with the age" }) childFirstName: string;
  @ApiProperty() childAge: number;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional() provider?: { name: string; iban: string };
  @ApiProperty({ description: 'Waits for an intermediary to endorse it' }) endorsementRequired: boolean;
  @ApiProperty() routedAt: string;
  @ApiPropertyOptional({ description: 'The staff member working on it' }) claimedBy?: string;
  @ApiPropertyOptional({ description: 'The payment batch that pays the provider' }) paymentBatchId?: string;
}

export class FundRequestListResponse {
  @ApiProperty({ type: [FundRequestResponse] }) items: FundRequestResponse[];
}

export class FundResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() categories: string[];
  @ApiProperty() incomeLimitPercent: number;
  @ApiProperty() priority: number;
}

export class DecisionDto {
  @ApiProperty({ enum: ['approve', 'decline', 'request-information'] })
  @IsIn(['approve', 'decline', 'request-information'])
  decision: 'approve' | 'decline' | 'request-information';

  @ApiPropertyOptional({ enum: DECLINE_REASONS, description: 'Required to decline' })
  @IsOptional()
  @IsIn(DECLINE_REASONS)
  reasonCode?: DeclineReason;

  @ApiPropertyOptional({ description: 'For the applicant: the question, or why it was declined' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  message?: string;

  @ApiPropertyOptional({ description: 'To approve less than was asked, in cents; the rest goes back to the budget' })
  @IsOptional()
  @IsInt()
  @Min(1)
  amountCents?: number;
}

export class AnswerDto {
  @ApiProperty({ description: "The answer to the fund's question" }) @IsString() @MinLength(1) @MaxLength(2000) text: string;
}

export class ObjectionResponse {
  @ApiProperty({ description: "The applicant's reasons (empty once their personal data was erased)" }) reason: string;
  @ApiProperty() filedAt: string;
}

export class FundRequestDetailResponse extends FundRequestResponse {
  @ApiPropertyOptional({ description: 'What the fund approved, when less than asked' }) approvedAmountCents?: number;
  @ApiPropertyOptional({ description: "The fund's open question" }) question?: string;
  @ApiProperty({ description: "The applicant's answers to this fund's questions" }) answers: { at: string; text: string }[];
  @ApiProperty({ description: "What happened to the request at this fund (other funds' steps are theirs)" }) history: { at: string; status: string; by?: string; reasonCode?: string; message?: string }[];
  @ApiPropertyOptional({ description: 'The version of the rules it was routed by' }) fundVersion?: number;
  @ApiPropertyOptional({ description: "The applicant's objection to this fund's decline, which reopened the request here" })
  objection?: ObjectionResponse;
}

export class FulfilmentDto {
  @ApiProperty({ enum: FULFILMENT_METHODS })
  @IsIn(FULFILMENT_METHODS)
  method: FulfilmentMethod;

  @ApiPropertyOptional({ description: 'Payment reference, voucher code or delivery note' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
}

export class QueueQuery {
  @ApiPropertyOptional({ enum: QUEUE_STATUSES }) @IsOptional() @IsIn(QUEUE_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: CATEGORIES }) @IsOptional() @IsIn(CATEGORIES) category?: string;
  @ApiPropertyOptional({ example: 'GM0080' }) @IsOptional() @Matches(/^GM\d{4}$/) municipalityCode?: string;
  @ApiPropertyOptional({ description: "Child's age from" }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(20) minAge?: number;
  @ApiPropertyOptional({ description: "Child's age up to and including" }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(20) maxAge?: number;
  @ApiPropertyOptional({ description: 'Routed to the fund on or after this day (YYYY-MM-DD)' }) @IsOptional() @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/) from?: string;
  @ApiPropertyOptional({ description: 'Routed to the fund on or before this day (YYYY-MM-DD)' }) @IsOptional() @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/) to?: string;
  @ApiPropertyOptional({ enum: ['me', 'nobody'], description: 'Claimed by me, or by nobody' }) @IsOptional() @IsIn(['me', 'nobody']) claimed?: 'me' | 'nobody';
  @ApiPropertyOptional({ enum: ['newest', 'oldest'], default: 'newest' }) @IsOptional() @IsIn(['newest', 'oldest']) order?: 'newest' | 'oldest';
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class BudgetResponse {
  @ApiProperty() fundId: string;
  @ApiProperty() year: number;
  @ApiProperty() allocatedCents: number;
  @ApiProperty({ description: 'Routed or approved, not yet paid' }) reservedCents: number;
  @ApiProperty() spentCents: number;
  @ApiProperty() leftCents: number;
}

export class RequestStatusResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'approved' }) status: string;
  @ApiProperty({ description: 'The fund the request is with now (after a decline: the next fund)' }) fundId: string | null;
  @ApiPropertyOptional({ description: 'The staff member working on it' }) claimedBy?: string | null;
}

/** What a fund's staff see of a request: the need, the child's first name and age, the provider; never income. */
class StaffReadView {
  @ApiProperty() at: string;
  @ApiProperty({ description: "The reader's subject" }) reader: string;
  @ApiProperty({ example: 'fund-request.read' }) action: string;
  @ApiProperty() requestId: string;
  @ApiPropertyOptional({ description: 'The address the read came from' }) from?: string;
}

export class StaffReadsResponse {
  @ApiProperty({ type: [StaffReadView] }) items: StaffReadView[];
}

function queueItem(r: FundRequest): FundRequestResponse {
  return {
    id: r.id,
    applicationId: r.applicationId,
    category: r.category,
    status: r.status,
    amountCents: r.amountCents,
    childFirstName: r.childFirstName,
    childAge: r.childAge,
    ...(r.description ? { description: r.description } : {}),
    ...(r.provider ? { provider: r.provider } : {}),
    endorsementRequired: r.endorsementRequired,
    routedAt: new Date(r.routedAt).toISOString(),
    ...(r.claimedBy ? { claimedBy: r.claimedBy } : {}),
    ...(r.paymentBatchId ? { paymentBatchId: r.paymentBatchId } : {}),
  };
}

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class FundRequestsController {
  constructor(
    @Inject(RoutingRepository) private readonly repository: RoutingRepository,
    @Inject(DecideRequestUseCase) private readonly decisions: DecideRequestUseCase,
    @Inject(BudgetLedger) private readonly ledger: BudgetLedger,
    @Inject(ReconcileBudgetsUseCase) private readonly reconciliation: ReconcileBudgetsUseCase,
    @Inject(STAFF_READ_AUDIT) private readonly reads: StaffReadAudit,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The fund catalogue' })
  @ApiOkResponse({ type: [FundResponse] })
  async funds(): Promise<{ items: FundResponse[] }> {
    const funds = await this.repository.listFunds();
    return { items: funds.map((f) => ({ id: f.id, name: f.name, categories: f.categories, incomeLimitPercent: f.incomeLimitPercent, priority: f.priority })) };
  }

  @Get(':fundId')
  @ApiOperation({ summary: "A fund's rules, with their version" })
  async fund(@Param('fundId') fundId: string) {
    const fund = await this.repository.fund(fundId);
    if (!fund) throw new NotFoundException(`Fund ${fundId} not found`);
    return fund;
  }

  @Put(':fundId')
  @Roles('admin')
  @ApiOperation({ summary: "Create or change a fund's rules; every change is a new version, the old one is kept" })
  async saveFund(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Body() body: FundDto) {
    const problems: FieldProblem[] = [];
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(fundId)) problems.push({ pointer: '/fundId', code: 'matches', detail: 'lower-case letters, digits and dashes' });
    if (body.minAge > body.maxAge) problems.push({ pointer: '/minAge', code: 'max', detail: 'minAge is above maxAge' });
    if (body.municipalities.includes('all') && body.municipalities.length > 1) {
      problems.push({ pointer: '/municipalities', code: 'invalid', detail: "'all' stands alone" });
    }
    body.childLimits.forEach((limit, i) => {
      if (!limit.amountCents?.length && limit.maxCount === undefined) {
        problems.push({ pointer: `/childLimits/${i}`, code: 'required', detail: 'a limit needs an amount (amountCents) or a count (maxCount)' });
      }
      limit.amountCents?.forEach((band, j) => {
        if (band.minAge > band.maxAge) problems.push({ pointer: `/childLimits/${i}/amountCents/${j}/minAge`, code: 'max', detail: 'minAge is above maxAge' });
      });
    });
    if (body.account && !isValidIban(body.account.iban)) problems.push({ pointer: '/account/iban', code: 'iban', detail: 'not a valid IBAN' });
    if (body.account) body.account.iban = body.account.iban.replace(/\s+/g, '').toUpperCase();
    for (const [category, age] of Object.entries(body.categoryMinAge ?? {})) {
      if (!(CATEGORIES as readonly string[]).includes(category) || !Number.isInteger(age) || (age as number) < 0 || (age as number) > 20) {
        problems.push({ pointer: `/categoryMinAge/${category}`, code: 'invalid', detail: 'a category and an age from 0 to 20' });
      }
    }
    if (problems.length) throw new ValidationFailed(problems);
    // A plain copy without the fields left out (a DTO instance carries them as undefined, stored as null).
    const { municipalities, ...rules } = JSON.parse(JSON.stringify(body)) as FundDto;
    const version = await this.repository.saveFund(
      { id: fundId, ...rules, categoryMinAge: rules.categoryMinAge ?? {}, municipalities: municipalities.includes('all') ? 'all' : municipalities } as Omit<Fund, 'version'>,
      principal.subject,
    );
    return { ...(await this.repository.fund(fundId)), version };
  }

  @Post(':fundId/requests/:id/decision')
  @HttpCode(200)
  @Roles('fund-staff')
  @ApiOperation({ summary: 'Approve, decline with a reason (the item moves on to the next fund), or ask the applicant for information' })
  @ApiOkResponse({ type: RequestStatusResponse })
  @ApiResponse({ status: 409, description: 'Already decided' })
  @AccessTo('fund', 'fundId')
  async decide(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId') fundId: string,
    @Param('id') id: string,
    @Body() body: DecisionDto,
  ): Promise<RequestStatusResponse> {
    const request = await this.decisions.decide({ fundId, requestId: id, decidedBy: principal.subject, ...body });
    return { id: request.id, status: request.fundId === fundId ? request.status : 'declined', fundId: request.fundId };
  }

  @Get(':fundId/requests/:id')
  @Roles('fund-staff')
  @ApiOperation({ summary: 'One request with what the fund needs to decide: the need, the child (first name, age), the provider, answers and its history at this fund' })
  @ApiOkResponse({ type: FundRequestDetailResponse })
  @AccessTo('fund', 'fundId')
  async request(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('id') id: string, @Req() req: Request): Promise<FundRequestDetailResponse> {
    const r = await this.repository.findRequest(id);
    if (!r || r.fundId !== fundId) throw new NotFoundException(`Request ${id} not found`);
    await this.reads.read(principal, id, clientAddressOf(req.headers, req.socket.remoteAddress));
    return {
      ...queueItem(r),
      ...(r.approvedAmountCents !== undefined ? { approvedAmountCents: r.approvedAmountCents } : {}),
      ...(r.status === 'information-requested' && r.decision?.message ? { question: r.decision.message } : {}),
      answers: (r.answers ?? []).map((a) => ({ at: new Date(a.at).toISOString(), text: a.text })),
      history: (r.history ?? [])
        .filter((h) => h.fundId === fundId)
        .map((h) => ({ at: new Date(h.at).toISOString(), status: h.status, ...(h.by ? { by: h.by } : {}), ...(h.reasonCode ? { reasonCode: h.reasonCode } : {}), ...(h.message ? { message: h.message } : {}) })),
      ...(r.fundVersion !== undefined ? { fundVersion: r.fundVersion } : {}),
      ...(r.objection ? { objection: { reason: r.objection.reason, filedAt: new Date(r.objection.filedAt).toISOString() } } : {}),
    };
  }

  @Get(':fundId/audit')
  @Roles('fund-staff', 'admin')
  @AccessTo('fund', 'fundId')
  @ApiOperation({ summary: "Who of the fund's people read which request, when and from where (the fund's administrator)" })
  @ApiOkResponse({ type: StaffReadsResponse })
  @ApiForbiddenResponse({ description: "Not the fund's administrator" })
  async audit(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string): Promise<StaffReadsResponse> {
    if (principal.role !== 'admin' && !principal.fundAdmin) throw new ForbiddenError("Only the fund's administrator reads who read its files");
    const entries = await this.reads.forFund(fundId);
    return { items: entries.map((e) => ({ at: e.at.toISOString(), reader: e.actor.subject, action: e.action, requestId: e.resource.id, ...(e.from ? { from: e.from } : {}) })) };
  }

  @Post(':fundId/requests/:id/answer')
  @HttpCode(200)
  @Roles('parent', 'intermediary')
  @ApiOperation({ summary: "The applicant answers the fund's question; the request goes back into the fund's queue" })
  @ApiOkResponse({ type: RequestStatusResponse })
  @ApiResponse({ status: 409, description: 'No open question' })
  async answer(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('id') id: string, @Body() body: AnswerDto): Promise<RequestStatusResponse> {
    const request = await this.decisions.answer({ fundId, requestId: id, subject: principal.subject, text: body.text });
    return { id: request.id, status: request.status, fundId: request.fundId };
  }

  @Post(':fundId/requests/:id/claim')
  @HttpCode(200)
  @Roles('fund-staff')
  @ApiOperation({ summary: 'Take a request: colleagues see who works on it and cannot decide it meanwhile' })
  @ApiOkResponse({ type: RequestStatusResponse })
  @ApiResponse({ status: 409, description: 'Someone else took it, or it needs no more work' })
  @AccessTo('fund', 'fundId')
  async claim(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('id') id: string): Promise<RequestStatusResponse> {
    const request = await this.decisions.claim({ fundId, requestId: id, by: principal.subject });
    return { id: request.id, status: request.status, fundId: request.fundId, claimedBy: request.claimedBy ?? null };
  }

  @Post(':fundId/requests/:id/unclaim')
  @HttpCode(200)
  @Roles('fund-staff')
  @ApiOperation({ summary: "Give a request back to the fund's queue (also to take over a colleague's request)" })
  @ApiOkResponse({ type: RequestStatusResponse })
  @AccessTo('fund', 'fundId')
  async unclaim(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('id') id: string): Promise<RequestStatusResponse> {
    const request = await this.decisions.unclaim({ fundId, requestId: id, by: principal.subject });
    return { id: request.id, status: request.status, fundId: request.fundId, claimedBy: request.claimedBy ?? null };
  }

  @Post(':fundId/requests/:id/endorsement')
  @HttpCode(200)
  @Roles('intermediary')
  @ApiOperation({ summary: "An intermediary of the family's municipality endorses a request for a fund that needs it" })
  @ApiOkResponse({ type: RequestStatusResponse })
  async endorse(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('id') id: string): Promise<RequestStatusResponse> {
    const request = await this.decisions.endorse({ fundId, requestId: id, intermediary: principal.subject, municipalityCode: principal.municipalityCode });
    return { id: request.id, status: request.status, fundId: request.fundId };
  }

  @Post(':fundId/requests/:id/fulfilment')
  @HttpCode(200)
  @Roles('fund-staff')
  @ApiOperation({ summary: 'Record that the provider was paid, a voucher issued or the box delivered' })
  @ApiOkResponse({ type: RequestStatusResponse })
  @AccessTo('fund', 'fundId')
  async fulfil(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId') fundId: string,
    @Param('id') id: string,
    @Body() body: FulfilmentDto,
  ): Promise<RequestStatusResponse> {
    const request = await this.decisions.fulfil({ fundId, requestId: id, fulfilledBy: principal.subject, ...body });
    return { id: request.id, status: request.status, fundId: request.fundId };
  }

  @Get(':fundId/budget')
  @Roles('fund-staff', 'admin')
  @ApiOperation({ summary: "This year's budget of a fund: allocated, reserved, spent and left" })
  @ApiOkResponse({ type: BudgetResponse })
  @AccessTo('fund', 'fundId')
  async budget(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string): Promise<BudgetResponse> {
    const fund = (await this.repository.listFunds()).find((f) => f.id === fundId);
    if (!fund) throw new NotFoundException(`Fund ${fundId} not found`);
    if (fund.yearlyBudgetCents === undefined) throw new NotFoundException(`Fund ${fundId} keeps no budget here`);
    return this.ledger.view(fundId, new Date().getUTCFullYear(), fund.yearlyBudgetCents);
  }

  @Post(':fundId/budget/reconcile')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: "Put a fund's budget right from its requests (also done every hour); says what was corrected" })
  async reconcile(@Param('fundId') fundId: string, @Query('year') year?: string) {
    const y = year === undefined ? new Date().getUTCFullYear() : Number(year);
    if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new ValidationFailed([{ pointer: '/year', code: 'invalid', detail: 'a year' }]);
    return this.reconciliation.reconcile(fundId, y);
  }

  @Get(':fundId/requests')
  @Roles('fund-staff', 'admin')
  @ApiOperation({
    summary: "The requests routed to a fund (that fund's staff only): filter by status, category, municipality, child's age, date routed and claim; newest or oldest first; paged",
  })
  @ApiOkResponse({ type: FundRequestListResponse })
  @AccessTo('fund', 'fundId')
  async requests(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId') fundId: string,
    @Query() query: QueueQuery,
  ): Promise<FundRequestListResponse> {
    if (!(await this.repository.fundExists(fundId))) throw new NotFoundException(`Fund ${fundId} not found`);
    const { limit = 50, offset = 0, from, to, claimed, ...filter } = query;
    if (filter.minAge !== undefined && filter.maxAge !== undefined && filter.minAge > filter.maxAge) {
      throw new ValidationFailed([{ pointer: '/minAge', code: 'max', detail: 'minAge is above maxAge' }]);
    }
    const requests = await this.repository.requestsForFund(fundId, limit, offset, {
      ...filter,
      ...(from ? { routedFrom: new Date(`${from}T00:00:00Z`) } : {}),
      ...(to ? { routedTo: new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) } : {}),
      ...(claimed ? { claimedBy: claimed === 'me' ? principal.subject : null } : {}),
    });
    return { items: requests.map(queueItem) };
  }
}
