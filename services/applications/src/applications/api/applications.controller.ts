import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { CurrentPrincipal, Lang, languageOf, Principal, Roles, validateInput } from '@fund-desk/platform';
import type { Application } from '../domain/application';
import { applicationRules } from '../domain/application-rules';
import { SubmitApplicationUseCase } from '../use-cases/submit-application/submit-application.use-case';
import { ChangeApplicationUseCase } from '../use-cases/change-application/change-application.use-case';
import { SeeApplicationsUseCase } from '../use-cases/see-applications/see-applications.use-case';
import { WaitingTimes } from '../infrastructure/waiting-times';
import { APPLICATIONS_CONFIG, ApplicationsConfig } from '../../config/applications.config';
import { ApplicationListResponse, ApplicationResponse, SubmittedView, toResponse } from './application.view';
import { ChildDto, SubmitApplicationDto } from './submit-application.dto';

/**
 * Needs added to an open application: the items as in a new application. Children only for an item whose child
 * is not in it yet, so they may be left out or empty (an application itself needs at least one).
 */
export class AddItemsDto extends PickType(SubmitApplicationDto, ['items'] as const) {
  @ApiPropertyOptional({ type: [ChildDto], description: 'Children not in the application yet' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => ChildDto)
  children?: ChildDto[];
}

export class ObjectionDto {
  @ApiProperty({ description: 'Why the decision is not right, in your own words' }) @IsString() @MinLength(5) @MaxLength(2000) reason: string;
}

const uuid = () => new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  private readonly municipalities: string[];

  constructor(
    @Inject(SubmitApplicationUseCase) private readonly submit: SubmitApplicationUseCase,
    @Inject(ChangeApplicationUseCase) private readonly changes: ChangeApplicationUseCase,
    @Inject(SeeApplicationsUseCase) private readonly applications: SeeApplicationsUseCase,
    @Inject(WaitingTimes) private readonly waitingTimes: WaitingTimes,
    @Inject(APPLICATIONS_CONFIG) config: ApplicationsConfig,
  ) {
    this.municipalities = config.KNOWN_MUNICIPALITIES.split(',');
  }

  @Post()
  @HttpCode(202)
  @Roles('parent', 'intermediary')
  @ApiOperation({ summary: 'Submit an application for one or more children and needs' })
  @ApiBody({ type: SubmitApplicationDto })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat a submit safely: one application per key' })
  @ApiResponse({ status: 202, type: SubmittedView })
  @ApiResponse({ status: 400, description: 'Problem details naming every invalid field' })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SubmittedView> {
    const now = new Date();
    const input = await validateInput(SubmitApplicationDto, body, (dto) => applicationRules(dto, now, this.municipalities, principal.role));
    return this.submit.execute({ principal, input, now, idempotencyKey: idempotencyKey?.slice(0, 200) || undefined });
  }

  @Get()
  @Roles('parent', 'intermediary')
  @ApiOperation({ summary: 'Applications I made (an intermediary: my caseload and those of the families linked to me), and, for a parent, those made for me' })
  @ApiOkResponse({ type: ApplicationListResponse })
  async list(@CurrentPrincipal() principal: Principal, @Headers('accept-language') acceptLanguage?: string): Promise<ApplicationListResponse> {
    const found = await this.applications.list(principal);
    return { items: await Promise.all(found.map((a) => this.view(a, languageOf(acceptLanguage)))) };
  }

  @Get(':id')
  @Roles('parent', 'intermediary')
  @ApiOperation({ summary: 'One application with the status of every item, what happens next, and its timeline' })
  @ApiOkResponse({ type: ApplicationResponse })
  @ApiResponse({ status: 404, description: 'Not found, or not yours' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', uuid()) id: string, @Headers('accept-language') acceptLanguage?: string): Promise<ApplicationResponse> {
    return this.view(await this.applications.get(principal, id), languageOf(acceptLanguage));
  }

  @Post(':id/items')
  @HttpCode(202)
  @Roles('parent', 'intermediary')
  @ApiOperation({ summary: 'Add needs to an open application (on the same income check)' })
  @ApiOkResponse({ type: ApplicationResponse })
  async addItems(@CurrentPrincipal() principal: Principal, @Param('id', uuid()) id: string, @Body() body: unknown, @Headers('accept-language') acceptLanguage?: string): Promise<ApplicationResponse> {
    const input = await validateInput(AddItemsDto, body);
    return this.view(await this.changes.addItems(principal, id, input, new Date()), languageOf(acceptLanguage));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('parent', 'intermediary')
  @ApiOperation({ summary: 'Withdraw the whole application: every open request stops and funds release what they reserved' })
  @ApiOkResponse({ type: ApplicationResponse })
  async withdraw(@CurrentPrincipal() principal: Principal, @Param('id', uuid()) id: string, @Headers('accept-language') acceptLanguage?: string): Promise<ApplicationResponse> {
    return this.view(await this.changes.withdraw(principal, id, null, new Date()), languageOf(acceptLanguage));
  }

  @Post(':id/items/:itemId/withdraw')
  @HttpCode(200)
  @Roles('parent', 'intermediary')
  @ApiOperation({ summary: 'Withdraw one request' })
  @ApiOkResponse({ type: ApplicationResponse })
  async withdrawItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid()) id: string,
    @Param('itemId', uuid()) itemId: string,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<ApplicationResponse> {
    return this.view(await this.changes.withdraw(principal, id, itemId, new Date()), languageOf(acceptLanguage));
  }

  @Post(':id/items/:itemId/objection')
  @HttpCode(200)
  @Roles('parent', 'intermediary')
  @ApiOperation({ summary: 'Object to a decline within 6 weeks: the fund that declined looks again, with your reasons' })
  @ApiOkResponse({ type: ApplicationResponse })
  async object(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid()) id: string,
    @Param('itemId', uuid()) itemId: string,
    @Body() body: unknown,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<ApplicationResponse> {
    const input = await validateInput(ObjectionDto, body);
    return this.view(await this.changes.object(principal, id, itemId, input.reason, new Date()), languageOf(acceptLanguage));
  }

  @Post(':id/consent/withdraw')
  @HttpCode(200)
  @Roles('parent', 'intermediary')
  @ApiOperation({ summary: 'The parent withdraws the consent given to an intermediary (or the applicant withdraws): the application stops' })
  @ApiOkResponse({ type: ApplicationResponse })
  async withdrawConsent(@CurrentPrincipal() principal: Principal, @Param('id', uuid()) id: string, @Headers('accept-language') acceptLanguage?: string): Promise<ApplicationResponse> {
    return this.view(await this.changes.withdraw(principal, id, null, new Date(), 'consent-withdrawn'), languageOf(acceptLanguage));
  }

  private async view(application: Application, lang: Lang): Promise<ApplicationResponse> {
    const expected = await this.waitingTimes.forFunds(application.items.filter((i) => i.status === 'routed' && i.fundId).map((i) => i.fundId!));
    return toResponse(application, lang, expected);
  }
}
