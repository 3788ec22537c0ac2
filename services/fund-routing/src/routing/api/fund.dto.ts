import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CATEGORIES, CIRCUMSTANCES } from '@fund-desk/contracts';
import type { Category, Circumstance } from '@fund-desk/contracts';

export class AgeBandDto {
  @ApiProperty() @IsInt() @Min(0) @Max(20) minAge: number;
  @ApiProperty() @IsInt() @Min(0) @Max(20) maxAge: number;
  @ApiProperty({ description: 'Per child per year, in cents' }) @IsInt() @Min(0) @Max(10_000_000) cents: number;
}

export class ChildLimitDto {
  @ApiProperty({ enum: CATEGORIES, isArray: true }) @IsArray() @ArrayMinSize(1) @IsIn(CATEGORIES, { each: true }) categories: Category[];

  @ApiPropertyOptional({ type: [AgeBandDto], description: 'Amount per child per period for these categories together, by age band' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AgeBandDto)
  amountCents?: AgeBandDto[];

  @ApiPropertyOptional({ description: 'Requests per child per period, e.g. 1 bicycle', example: 1 }) @IsOptional() @IsInt() @Min(1) @Max(100) maxCount?: number;
  @ApiPropertyOptional({ description: 'The period in calendar years, counting the year of the application (5: once per 5 years)', default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  periodYears?: number;
}

export class FundAccountDto {
  @ApiProperty({ example: 'Stichting Leergeld Leeuwarden' }) @IsString() @MinLength(2) @MaxLength(70) name: string;
  @ApiProperty({ example: 'NL02ABNA0123456789', description: 'Checked with ISO 13616 mod-97' }) @IsString() @MaxLength(42) iban: string;
  @ApiPropertyOptional({ example: 'ABNANL2A' }) @IsOptional() @Matches(/^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/) bic?: string;
}

/** A fund's rules as an administrator sets them; validated on write, versioned on every change. */
export class FundDto {
  @ApiProperty({ example: 'Stichting Leergeld Leeuwarden' }) @IsString() @MinLength(2) @MaxLength(200) name: string;

  @ApiProperty({ description: "CBS codes, or ['all'] for a national fund", example: ['GM0080'] })
  @IsArray()
  @ArrayMinSize(1)
  @Matches(/^(GM\d{4}|all)$/, { each: true })
  municipalities: string[];

  @ApiProperty({ enum: CATEGORIES, isArray: true }) @IsArray() @ArrayMinSize(1) @IsIn(CATEGORIES, { each: true }) categories: Category[];
  @ApiProperty() @IsInt() @Min(0) @Max(20) minAge: number;
  @ApiProperty() @IsInt() @Min(0) @Max(20) maxAge: number;

  @ApiPropertyOptional({ description: 'Per-category minimum age, e.g. {"bicycle": 6, "laptop": 11}' })
  @IsOptional()
  categoryMinAge?: Partial<Record<Category, number>>;

  @ApiProperty({ example: 120, description: 'Income limit in percent of the social-assistance norm' }) @IsInt() @Min(100) @Max(200) incomeLimitPercent: number;

  @ApiProperty({ enum: CIRCUMSTANCES, isArray: true, description: 'Circumstances that qualify above the income limit' })
  @IsArray()
  @IsIn(CIRCUMSTANCES, { each: true })
  acceptedCircumstances: Circumstance[];

  @ApiProperty({ type: [ChildLimitDto] }) @IsArray() @ValidateNested({ each: true }) @Type(() => ChildLimitDto) childLimits: ChildLimitDto[];
  @ApiProperty({ enum: ['pays-provider', 'voucher', 'in-kind'] }) @IsIn(['pays-provider', 'voucher', 'in-kind']) paymentMode: 'pays-provider' | 'voucher' | 'in-kind';

  @ApiPropertyOptional({ type: FundAccountDto, description: "The fund's own account, debited in the SEPA files for providers" })
  @IsOptional()
  @ValidateNested()
  @Type(() => FundAccountDto)
  account?: FundAccountDto;
  @ApiProperty() @IsBoolean() needsEndorsement: boolean;
  @ApiProperty({ description: 'Lower goes first: local funds before national ones' }) @IsInt() @Min(0) @Max(100_000) priority: number;
  @ApiProperty({ description: 'Routed to only when no other fund fits' }) @IsBoolean() safetyNet: boolean;
  @ApiProperty() @IsBoolean() active: boolean;
  @ApiPropertyOptional({ description: 'Yearly budget in cents' }) @IsOptional() @IsInt() @Min(0) yearlyBudgetCents?: number;
}
