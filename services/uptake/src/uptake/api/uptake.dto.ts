import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PERIOD_KINDS, PeriodKind } from '../domain/periods';
import { CSV_TABLES, CsvTable } from '../domain/csv';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class UptakeQueryDto {
  @ApiPropertyOptional({ enum: PERIOD_KINDS, default: 'month', description: 'How the series is cut: ISO weeks, calendar months or school years (August to July)' })
  @IsOptional()
  @IsIn(PERIOD_KINDS)
  period?: PeriodKind;

  @ApiPropertyOptional({ example: '2025-08-01', description: 'First day (YYYY-MM-DD); default: the start of the school year of `to`' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-07-31', description: 'Last day (YYYY-MM-DD); default: today. The headline and neighbourhoods are for its school year.' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD)' })
  to?: string;
}

export class UptakeCsvQueryDto extends UptakeQueryDto {
  @ApiProperty({ enum: CSV_TABLES, description: 'Which table of the answer' })
  @IsIn(CSV_TABLES)
  table: CsvTable;
}

export class NeighbourhoodEstimateDto {
  @ApiProperty({ example: '8921', description: '4-digit postcode area' })
  @Matches(/^\d{4}$/, { message: 'area must be a 4-digit postcode area' })
  area: string;

  @ApiProperty({ example: 250 })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  eligibleChildren: number;

  @ApiPropertyOptional({ example: 70, description: "Target uptake in percent; default: the municipality's" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  targetPercent?: number;
}

export class EligibleChildrenDto {
  @ApiProperty({ example: '2025-26', description: 'School year, August to July' })
  @Matches(/^\d{4}-\d{2}$/, { message: 'schoolYear must look like 2025-26' })
  schoolYear: string;

  @ApiProperty({ example: 3000, description: 'Children in the municipality estimated eligible (e.g. below 120% of the social minimum)' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  eligibleChildren: number;

  @ApiPropertyOptional({ example: 70, description: 'Target uptake in percent' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  targetPercent?: number;

  @ApiPropertyOptional({ type: [NeighbourhoodEstimateDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => NeighbourhoodEstimateDto)
  neighbourhoods?: NeighbourhoodEstimateDto[];
}

export class SuppressionDto {
  @ApiProperty({ description: 'Some figure in this answer was hidden' }) applied: boolean;
  @ApiProperty({ example: 5, description: 'Figures describing fewer children than this are hidden' }) threshold: number;
}

export class HeadlineDto {
  @ApiProperty({ example: '2025-26' }) schoolYear: string;
  @ApiProperty({ nullable: true, type: Number }) applications: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Distinct children applied for' }) childrenApplied: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Distinct children with at least one need approved or fulfilled' }) childrenReached: number | null;
  @ApiProperty({ nullable: true, type: Number }) eligibleChildren: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'children reached ÷ eligible children, percent' }) uptakePercent: number | null;
  @ApiProperty({ nullable: true, type: Number }) targetPercent: number | null;
}

export class UptakeResponse {
  @ApiProperty({ example: 'GM0080' }) municipalityCode: string;
  @ApiProperty({ enum: PERIOD_KINDS }) period: PeriodKind;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: HeadlineDto }) headline: HeadlineDto;
  @ApiProperty({ description: 'Per period: applications, children, needs, cumulative uptake within the school year; hidden figures are null and named in `suppressed`', type: 'array', items: { type: 'object' } })
  series: unknown[];
  @ApiProperty({ description: 'Per 4-digit postcode area, for the school year: uptake against target, furthest below first', type: 'array', items: { type: 'object' } })
  neighbourhoods: unknown[];
  @ApiProperty({ description: 'applications → households eligible → needs requested → routed → approved → fulfilled (and declined, unroutable, withdrawn, duplicate)', type: 'object', additionalProperties: true })
  funnel: Record<string, number | null>;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) categories: unknown[];
  @ApiProperty({
    description:
      "Per fund: routed, approved, declined, withdrawn, fulfilled; reserved and spent in cents; the fund's name and whole yearly budget (`yearlyBudgetCents`, for every municipality it serves: `budgetSharedWithOtherMunicipalities`) and this municipality's reserved plus spent as a share of it (`budgetUsedPercent`)",
    type: 'array',
    items: { type: 'object' },
  })
  funds: unknown[];
  @ApiProperty({ description: 'Declines per fund and reason code', type: 'object', additionalProperties: true }) declines: unknown;
  @ApiProperty({ description: 'Needs no fund took, by why', type: 'array', items: { type: 'object' } }) unroutable: unknown[];
  @ApiProperty({ description: 'Days from application to first decision and to fulfilment: count, median, 90th percentile', type: 'object', additionalProperties: true }) timing: unknown;
  @ApiProperty({ type: SuppressionDto }) suppression: SuppressionDto;
}

export class RebuildResponse {
  @ApiProperty() generation: number;
  @ApiProperty() group: string;
}

export class RebuildProgressResponse {
  @ApiProperty({ enum: ['reading', 'writing'], description: 'Reading the history into memory, then writing the read models in bulk' }) phase: 'reading' | 'writing';
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ description: 'Events of the history read so far' }) read: number;
  @ApiProperty({ description: 'Events from the origin to the end of every topic when the rebuild began' }) events: number;
  @ApiProperty({ description: 'Read-model documents written so far' }) written: number;
  @ApiProperty({ description: 'Read-model documents to write (known once reading is done)' }) documents: number;
  @ApiProperty() eventsPerSecond: number;
  @ApiProperty({ description: "The service's resident memory in MB (the history is held in memory until written)" }) rssMb: number;
}

export class FeedStatusResponse extends RebuildResponse {
  @ApiProperty({ description: 'Messages not yet read by the current group (0 when caught up)' }) lag: number;
  @ApiProperty({ type: RebuildProgressResponse, nullable: true, description: 'The rebuild under way, or null' }) rebuild: RebuildProgressResponse | null;
}
