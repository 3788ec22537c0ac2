import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import type { Response } from 'express';
import { COMPOSITIONS } from '@fund-desk/contracts';
import type { Composition } from '@fund-desk/contracts';
import { CurrentPrincipal, languageOf, Principal, Roles, ValidationFailed } from '@fund-desk/platform';
import { INCOME_CHECKS_CONFIG, IncomeChecksConfig } from '../../config/income-checks.config';
import type { EvidenceRecord } from '../infrastructure/evidence.repository';
import { IncomeChecksRepository } from '../infrastructure/income-checks.repository';
import { EvidenceUseCases } from '../use-cases/evidence/evidence.use-cases';

export class EvidenceResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png'] }) type: string;
  @ApiProperty() size: number;
  @ApiProperty({ enum: ['submitted', 'approved', 'rejected'] }) status: string;
  @ApiProperty() uploadedAt: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ description: 'The content was deleted at the end of the retention period' }) purged?: boolean;
}

export class CheckResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['awaiting-register', 'needs-evidence', 'completed'] }) status: string;
  @ApiPropertyOptional({ enum: ['eligible', 'not-eligible', 'needs-evidence'], nullable: true }) outcome: string | null;
  @ApiProperty({ enum: ['register', 'evidence', 'circumstance', 'declared-income', 'none'] }) basis: string;
  @ApiPropertyOptional({ nullable: true }) percentageOfNorm: number | null;
  @ApiPropertyOptional({ nullable: true }) validUntil: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Why, in plain words, in the reader language' }) explanation: string | null;
  @ApiProperty({ type: [EvidenceResponse] }) evidence: EvidenceResponse[];
}

export class ReviewDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision: 'approve' | 'reject';

  @ApiPropertyOptional({ description: 'Required to reject: what is missing or wrong, for the parent' })
  @ValidateIf((o: ReviewDto) => o.decision === 'reject' || o.reason !== undefined)
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({ description: 'Net monthly income the documents show, in cents (default: as declared)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  netMonthlyIncomeCents?: number;

  @ApiPropertyOptional({ enum: COMPOSITIONS })
  @IsOptional()
  @IsIn(COMPOSITIONS)
  composition?: Composition;
}

export class MunicipalityDto {
  @ApiProperty({ example: 'Leeuwarden' }) @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiProperty({ example: 130, description: 'Income limit in percent of the social-assistance norm' })
  @IsInt()
  @Min(100)
  @Max(200)
  incomeLimitPercent: number;
  @ApiProperty({ example: 12, description: 'How long a check stays valid, in months' }) @IsInt() @Min(1) @Max(36) validityMonths: number;
}

export class UploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, JPEG or PNG' }) file: unknown;
}

function evidenceView(e: EvidenceRecord): EvidenceResponse {
  return {
    id: e.id,
    type: e.type,
    size: e.size,
    status: e.status,
    uploadedAt: e.uploadedAt.toISOString(),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.purgedAt ? { purged: true } : {}),
  };
}

@ApiTags('income-checks')
@ApiBearerAuth()
@Controller('income-checks')
export class IncomeChecksController {
  constructor(
    @Inject(EvidenceUseCases) private readonly evidence: EvidenceUseCases,
    @Inject(IncomeChecksRepository) private readonly repository: IncomeChecksRepository,
    @Inject(INCOME_CHECKS_CONFIG) private readonly config: IncomeChecksConfig,
  ) {}

  @Put('municipalities/:code')
  @Roles('admin')
  @ApiOperation({ summary: "Set a municipality's income limit and how long a check stays valid" })
  async saveMunicipality(@Param('code') code: string, @Body() body: MunicipalityDto): Promise<MunicipalityDto & { code: string }> {
    if (!/^GM\d{4}$/.test(code)) throw new ValidationFailed([{ pointer: '/code', code: 'matches', detail: 'a CBS code like GM0080' }]);
    await this.repository.saveMunicipality({ code, ...body });
    return { code, ...body };
  }

  @Get(':checkId')
  @Roles('parent', 'intermediary', 'admin')
  @ApiOperation({ summary: 'An income check: outcome, why, and the evidence sent (applicant or reviewer)' })
  @ApiOkResponse({ type: CheckResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('checkId') checkId: string,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<CheckResponse> {
    const { check, evidence } = await this.evidence.visibleCheck(principal, checkId);
    const lang = languageOf(acceptLanguage);
    return {
      id: check.id,
      status: check.status,
      outcome: check.outcome,
      basis: check.basis,
      percentageOfNorm: check.percentageOfNorm,
      validUntil: check.validUntil,
      explanation: check.explanation?.[lang] ?? null,
      evidence: evidence.map(evidenceView),
    };
  }

  @Post(':checkId/evidence')
  @HttpCode(201)
  @Roles('parent', 'intermediary')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 20 * 1024 * 1024, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDto })
  @ApiOperation({ summary: 'Send evidence of income (PDF, JPEG or PNG; the type is read from the content)' })
  @ApiOkResponse({ type: EvidenceResponse })
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Param('checkId') checkId: string,
    @UploadedFile() file?: { buffer: Buffer },
  ): Promise<EvidenceResponse> {
    return evidenceView(await this.evidence.upload(principal, checkId, file?.buffer ?? Buffer.alloc(0), this.config.EVIDENCE_MAX_BYTES));
  }

  // No role filter here: the use case decides, so that a refused read is audited too.
  @Get(':checkId/evidence/:evidenceId/content')
  @ApiOperation({ summary: 'The document itself, for a reviewer (every read is audited)' })
  async content(
    @CurrentPrincipal() principal: Principal,
    @Param('checkId') checkId: string,
    @Param('evidenceId') evidenceId: string,
    @Res() res: Response,
  ): Promise<void> {
    const document = await this.evidence.read(principal, checkId, evidenceId);
    res.status(200).type(document.type).setHeader('Cache-Control', 'no-store');
    res.send(document.bytes);
  }

  @Post(':checkId/evidence/:evidenceId/review')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Approve (completes the check) or reject with a reason (asks the parent again)' })
  @ApiOkResponse({ type: EvidenceResponse })
  async review(
    @CurrentPrincipal() principal: Principal,
    @Param('checkId') checkId: string,
    @Param('evidenceId') evidenceId: string,
    @Body() body: ReviewDto,
  ): Promise<EvidenceResponse> {
    return evidenceView(await this.evidence.review({ principal, checkId, evidenceId, ...body }));
  }
}
