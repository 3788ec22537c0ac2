import { Body, Controller, Get, Headers, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, languageOf, Principal, Roles, validateInput } from '@fund-desk/platform';
import { applicationRules } from '../domain/application-rules';
import { SubmitApplicationUseCase } from '../use-cases/submit-application/submit-application.use-case';
import { ApplicationRepository } from '../infrastructure/application.repository';
import { APPLICATIONS_CONFIG, ApplicationsConfig } from '../../config/applications.config';
import { ApplicationListResponse, ApplicationResponse, SubmittedView, toResponse } from './application.view';
import { SubmitApplicationDto } from './submit-application.dto';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  private readonly municipalities: string[];

  constructor(
    @Inject(SubmitApplicationUseCase) private readonly submit: SubmitApplicationUseCase,
    @Inject(ApplicationRepository) private readonly applications: ApplicationRepository,
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
    const input = await validateInput(SubmitApplicationDto, body, (dto) => applicationRules(dto, now, this.municipalities));
    return this.submit.execute({ principal, input, now, idempotencyKey: idempotencyKey?.slice(0, 200) || undefined });
  }

  @Get()
  @Roles('parent', 'intermediary')
  @ApiOperation({ summary: 'Applications I made' })
  @ApiOkResponse({ type: ApplicationListResponse })
  async list(@CurrentPrincipal() principal: Principal, @Headers('accept-language') acceptLanguage?: string): Promise<ApplicationListResponse> {
    const lang = languageOf(acceptLanguage);
    return { items: (await this.applications.findByApplicant(principal.subject)).map((a) => toResponse(a, lang)) };
  }

  @Get(':id')
  @Roles('parent', 'intermediary')
  @ApiOperation({ summary: 'One application with the status of every item and its timeline' })
  @ApiOkResponse({ type: ApplicationResponse })
  @ApiResponse({ status: 404, description: 'Not found, or not yours' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<ApplicationResponse> {
    const application = await this.applications.findById(id);
    // Someone else's application is "not found": its existence is not disclosed.
    if (!application || application.applicant.subject !== principal.subject) throw new NotFoundException('Application not found');
    return toResponse(application, languageOf(acceptLanguage));
  }
}

