import { Body, ConflictException, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { Roles } from '@fund-desk/platform';
import { IncomeChecksRepository } from '../infrastructure/income-checks.repository';

export class NormRowDto {
  @ApiProperty({ example: '2026-01-01', description: 'In force from this date (January and July updates)' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
  validFrom: string;

  @ApiProperty({ example: 139000, description: 'Single: net cents per month, holiday allowance included' })
  @IsInt() @Min(1) @Max(10_000_000)
  single: number;

  @ApiProperty({ example: 139000, description: 'Single parent: net cents per month' })
  @IsInt() @Min(1) @Max(10_000_000)
  singleParent: number;

  @ApiProperty({ example: 198600, description: 'Couple: net cents per month' })
  @IsInt() @Min(1) @Max(10_000_000)
  couple: number;
}

export class NormListResponse {
  @ApiProperty({ type: [NormRowDto] }) items: NormRowDto[];
}

export class MunicipalityResponse {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() incomeLimitPercent: number;
  @ApiProperty() validityMonths: number;
}

export class MunicipalityListResponse {
  @ApiProperty({ type: [MunicipalityResponse] }) items: MunicipalityResponse[];
}

@ApiTags('income-checks')
@ApiBearerAuth()
@Controller('income-checks')
export class NormsController {
  constructor(@Inject(IncomeChecksRepository) private readonly repository: IncomeChecksRepository) {}

  @Get('norms')
  @ApiOperation({ summary: 'Social-assistance norms by household composition, with the dates they are in force' })
  @ApiOkResponse({ type: NormListResponse })
  async norms(): Promise<NormListResponse> {
    return { items: await this.repository.listNorms() };
  }

  @Post('norms')
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ summary: 'Add the norms in force from a date; checks on or after it use them' })
  async addNorm(@Body() body: NormRowDto): Promise<NormRowDto> {
    if (!(await this.repository.addNorm({ ...body }))) throw new ConflictException(`Norms from ${body.validFrom} already exist`);
    return body;
  }

  @Get('municipalities')
  @ApiOperation({ summary: 'Income limits and check validity per municipality' })
  @ApiOkResponse({ type: MunicipalityListResponse })
  async municipalities(): Promise<MunicipalityListResponse> {
    return { items: await this.repository.listMunicipalities() };
  }
}
