import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AccessTo, FieldProblem, Roles, ValidationFailed } from '@fund-desk/platform';
import { tableRows, toCsv } from '../domain/csv';
import { EligibleEstimate } from '../domain/uptake-report';
import { UptakeFeed } from '../messaging/uptake-feed';
import { ReportQuery, ReportUptakeUseCase } from '../use-cases/report-uptake/report-uptake.use-case';
import { EligibleChildrenDto, FeedStatusResponse, RebuildResponse, UptakeCsvQueryDto, UptakeQueryDto, UptakeResponse } from './uptake.dto';

const MAX_RANGE_DAYS = 3 * 366;

/** A CBS municipality code (who may see it is decided before this, by the route's access rule). */
function validCode(code: string): void {
  if (!/^GM\d{4}$/.test(code)) throw new ValidationFailed([{ pointer: '/code', code: 'pattern', detail: 'code must be a CBS municipality code such as GM0080' }]);
}

function toQuery(code: string, dto: UptakeQueryDto): ReportQuery {
  const problems: FieldProblem[] = [];
  const valid = (d?: string) => !d || !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
  if (!valid(dto.from)) problems.push({ pointer: '/from', code: 'isDate', detail: 'from is not a calendar date' });
  if (!valid(dto.to)) problems.push({ pointer: '/to', code: 'isDate', detail: 'to is not a calendar date' });
  if (!problems.length && dto.from && dto.to) {
    const days = (Date.parse(dto.to) - Date.parse(dto.from)) / 86_400_000;
    if (days < 0) problems.push({ pointer: '/from', code: 'range', detail: 'from must not be after to' });
    else if (days > MAX_RANGE_DAYS) problems.push({ pointer: '/to', code: 'range', detail: 'a range covers at most three years' });
  }
  if (problems.length) throw new ValidationFailed(problems);
  return { municipalityCode: code, kind: dto.period ?? 'month', from: dto.from, to: dto.to };
}

@ApiTags('uptake')
@ApiBearerAuth()
@Controller('municipalities')
export class UptakeController {
  constructor(
    @Inject(ReportUptakeUseCase) private readonly reports: ReportUptakeUseCase,
    @Inject(UptakeFeed) private readonly feed: UptakeFeed,
  ) {}

  @Get(':code/uptake')
  @Roles('municipality', 'admin')
  @ApiOperation({ summary: "A municipality's uptake: aggregate figures only, small cells suppressed" })
  @ApiParam({ name: 'code', example: 'GM0080' })
  @ApiOkResponse({ type: UptakeResponse })
  @ApiForbiddenResponse({ description: "Another municipality's officer" })
  @AccessTo('municipality', 'code')
  async uptake(@Param('code') code: string, @Query() query: UptakeQueryDto) {
    validCode(code);
    return this.reports.report(toQuery(code, query));
  }

  @Get(':code/uptake.csv')
  @Roles('municipality', 'admin')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'One table of the uptake answer as CSV, suppressed the same way' })
  @ApiParam({ name: 'code', example: 'GM0080' })
  @ApiOkResponse({ description: 'CSV with a header line; a hidden figure is an empty cell, named in the `suppressed` column' })
  @AccessTo('municipality', 'code')
  async csv(@Param('code') code: string, @Query() query: UptakeCsvQueryDto) {
    validCode(code);
    const report = await this.reports.report(toQuery(code, query));
    return toCsv(tableRows(report, query.table), report);
  }

  @Get(':code/eligible-children')
  @Roles('municipality', 'admin')
  @ApiOperation({ summary: 'Eligible-children estimates and targets per school year and postcode area (`*`: the whole municipality)' })
  @ApiParam({ name: 'code', example: 'GM0080' })
  @AccessTo('municipality', 'code')
  async eligible(@Param('code') code: string): Promise<{ items: EligibleEstimate[] }> {
    validCode(code);
    return { items: await this.reports.estimates(code) };
  }

  @Put(':code/eligible-children')
  @Roles('municipality', 'admin')
  @ApiOperation({ summary: 'Set the eligible-children estimate and target for a school year, for the municipality and (optionally) its postcode areas' })
  @ApiParam({ name: 'code', example: 'GM0080' })
  @AccessTo('municipality', 'code')
  async putEligible(@Param('code') code: string, @Body() body: EligibleChildrenDto): Promise<{ items: EligibleEstimate[] }> {
    validCode(code);
    const target = body.targetPercent ?? null;
    await this.reports.putEstimates([
      { municipalityCode: code, schoolYear: body.schoolYear, area: '*', eligibleChildren: body.eligibleChildren, targetPercent: target },
      ...(body.neighbourhoods ?? []).map((n) => ({ municipalityCode: code, schoolYear: body.schoolYear, area: n.area, eligibleChildren: n.eligibleChildren, targetPercent: n.targetPercent ?? null })),
    ]);
    return { items: await this.reports.estimates(code) };
  }

  @Post('uptake/rebuild')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Drop the read models and replay every topic from the beginning in bulk; answers at once, progress in the status' })
  @ApiAcceptedResponse({ type: RebuildResponse })
  @ApiConflictResponse({ description: 'A rebuild is already under way' })
  rebuild(): Promise<RebuildResponse> {
    return this.feed.rebuild();
  }

  @Get('uptake/status')
  @Roles('admin')
  @ApiOperation({ summary: 'The current read-model generation, its consumer group, how far it is behind and the rebuild under way' })
  @ApiOkResponse({ type: FeedStatusResponse })
  async status(): Promise<FeedStatusResponse> {
    return { generation: this.feed.generation, group: this.feed.group, lag: await this.feed.lag(), rebuild: this.feed.rebuildProgress };
  }
}
