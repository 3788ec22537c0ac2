import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles, ValidationFailed } from '@fund-desk/platform';
import { APPLICATIONS_CONFIG, ApplicationsConfig } from '../../config/applications.config';
import type { Draft } from '../infrastructure/household.repository';
import { DraftsUseCase } from '../use-cases/drafts/drafts.use-case';
import { SubmittedView } from './application.view';

export class DraftResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['open', 'submitted'] }) status: string;
  @ApiProperty({ description: 'What was filled in so far (the application request, partly)' }) content: Record<string, unknown>;
  @ApiProperty({ required: false }) applicationId?: string;
  @ApiProperty() updatedAt: string;
}

const view = (d: Draft): DraftResponse => ({
  id: d.id,
  status: d.status,
  content: d.content,
  ...(d.applicationId ? { applicationId: d.applicationId } : {}),
  updatedAt: new Date(d.updatedAt).toISOString(),
});

const asObject = (body: unknown): Record<string, unknown> => {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new ValidationFailed([{ pointer: '', code: 'isObject', detail: 'body must be a JSON object' }]);
  return body as Record<string, unknown>;
};

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications/drafts')
@Roles('parent', 'intermediary')
export class DraftsController {
  private readonly municipalities: string[];

  constructor(
    @Inject(DraftsUseCase) private readonly drafts: DraftsUseCase,
    @Inject(APPLICATIONS_CONFIG) config: ApplicationsConfig,
  ) {
    this.municipalities = config.KNOWN_MUNICIPALITIES.split(',');
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Start an application and save it as you go; empty, a parent starts from their household of last time' })
  @ApiResponse({ status: 201, type: DraftResponse })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<DraftResponse> {
    return view(await this.drafts.create(principal, asObject(body), new Date()));
  }

  @Get()
  @ApiOperation({ summary: 'My drafts, last saved first' })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ items: DraftResponse[] }> {
    return { items: (await this.drafts.list(principal)).map(view) };
  }

  @Get(':draftId')
  @ApiOkResponse({ type: DraftResponse })
  async get(@CurrentPrincipal() principal: Principal, @Param('draftId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string): Promise<DraftResponse> {
    return view(await this.drafts.get(principal, id));
  }

  @Put(':draftId')
  @ApiOperation({ summary: 'Save what was filled in (the whole draft; nothing is checked until submit)' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiOkResponse({ type: DraftResponse })
  async save(@CurrentPrincipal() principal: Principal, @Param('draftId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string, @Body() body: unknown): Promise<DraftResponse> {
    return view(await this.drafts.save(principal, id, asObject(body)));
  }

  @Delete(':draftId')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('draftId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string): Promise<void> {
    await this.drafts.remove(principal, id);
  }

  @Post(':draftId/submit')
  @HttpCode(202)
  @ApiOperation({ summary: 'Check everything and submit: every problem is listed at once, each with a pointer to its field' })
  @ApiResponse({ status: 202, type: SubmittedView })
  @ApiResponse({ status: 400, description: 'Problem details naming every invalid field' })
  async submit(@CurrentPrincipal() principal: Principal, @Param('draftId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string): Promise<SubmittedView> {
    return this.drafts.submit(principal, id, this.municipalities, new Date());
  }
}
