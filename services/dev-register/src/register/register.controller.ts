import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Put, UnauthorizedException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken, DomainError, isValidBsn, Public, ValidationFailed } from '@fund-desk/platform';
import { DEV_REGISTER_CONFIG, DevRegisterConfig } from '../config/dev-register.config';

import { RegisterMode, RegisterState } from './register.state';

const MODES: RegisterMode[] = ['up', 'down', 'slow'];

export class IncomeSituationResponse {
  @ApiProperty({ example: '999990019', description: 'Citizen service number (BSN)' }) bsn: string;
  @ApiProperty({ example: 'GM0080' }) municipalityCode: string;
  @ApiProperty({ enum: ['single', 'single-parent', 'couple'], example: 'single-parent' }) composition: string;
  @ApiProperty({ example: 145000, description: 'Net household income per month, in cents' }) netMonthlyIncomeCents: number;
  @ApiProperty({ description: 'Receives social assistance (bijstand)' }) socialAssistance: boolean;
  @ApiProperty({ description: 'Is in debt relief (schuldsanering)' }) debtRelief: boolean;
  @ApiProperty({ example: '2025-06-01T10:00:00.000Z' }) checkedAt: string;
}

export class BehaviourDto {
  @ApiProperty({ enum: MODES, description: "'down' answers 503 to every lookup; 'slow' waits delayMs before answering" })
  @IsIn(MODES)
  mode: RegisterMode;

  @ApiPropertyOptional({ example: 3000, description: "Only for 'slow' (default 5000)" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120_000)
  delayMs?: number;
}

export class BehaviourResponse {
  @ApiProperty({ enum: MODES }) mode: RegisterMode;
  @ApiProperty() delayMs: number;
}

export class RegisterCallResponse {
  @ApiProperty({ example: 'GM0080' }) municipalityCode: string;
  @ApiProperty({ example: '0019', description: 'The last four digits of the BSN only' }) bsnLast4: string;
  @ApiProperty() at: string;
}

export class RegisterCallsResponse {
  @ApiProperty({ description: 'Lookups received since start or the last reset' }) count: number;
  @ApiProperty({ type: [RegisterCallResponse], description: 'The newest 1000 lookups, oldest first' }) calls: RegisterCallResponse[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Development only: a double of a municipality's income register. The platform's JWT guard does not apply
 * (routes are public to it); the lookup checks the register's own bearer token instead.
 */
@ApiTags('development')
@Controller('registers')
export class RegisterController {
  constructor(
    @Inject(DEV_REGISTER_CONFIG) private readonly config: DevRegisterConfig,
    @Inject(RegisterState) private readonly state: RegisterState,
  ) {}

  @Public()
  @Get(':municipalityCode/persons/:bsn/income-situation')
  @ApiBearerAuth()
  @ApiOperation({ summary: "A person's income situation as the municipality's register knows it (needs the register token)" })
  @ApiParam({ name: 'municipalityCode', example: 'GM0080' })
  @ApiParam({ name: 'bsn', example: '999990019' })
  @ApiOkResponse({ type: IncomeSituationResponse })
  @ApiBadRequestResponse({ description: 'The BSN fails the elfproef (11-check)' })
  @ApiUnauthorizedResponse({ description: 'No or a wrong register token' })
  @ApiNotFoundResponse({ description: 'The register does not know this person in this municipality' })
  @ApiServiceUnavailableResponse({ description: "The register is set to 'down'" })
  async lookup(
    @Param('municipalityCode') municipalityCode: string,
    @Param('bsn') bsn: string,
    @Headers('authorization') authorization?: string,
  ): Promise<IncomeSituationResponse> {
    // Every lookup that arrives counts, whatever it is answered, so tests can assert that no call was made.
    this.state.recordCall(municipalityCode, bsn);
    const behaviour = this.state.currentBehaviour();
    if (behaviour.mode === 'down') throw new DomainError('UNAVAILABLE', 'unavailable', 'The register is down (development test mode)');
    if (behaviour.mode === 'slow') await sleep(behaviour.delayMs);
    if (!this.authorised(authorization)) throw new UnauthorizedException('A valid register token is required');
    if (!isValidBsn(bsn)) {
      throw new ValidationFailed([{ pointer: '/bsn', code: 'isBSN', detail: 'bsn must be nine digits that pass the elfproef' }]);
    }
    const person = this.state.find(municipalityCode, bsn);
    if (!person) throw new DomainError('NOT_FOUND', 'not-found', 'This register does not know the person in this municipality');
    return { ...person, checkedAt: new Date().toISOString() };
  }

  @Public()
  @Put('behaviour')
  @HttpCode(200)
  @ApiOperation({ summary: "Make the register answer normally, be down (503) or be slow (development only)" })
  @ApiOkResponse({ type: BehaviourResponse })
  setBehaviour(@Body() body: BehaviourDto): BehaviourResponse {
    return this.state.setBehaviour(body.mode, body.delayMs);
  }

  @Public()
  @Get('calls')
  @ApiOperation({ summary: 'How many lookups the register received, with the last four BSN digits only (development only)' })
  @ApiOkResponse({ type: RegisterCallsResponse })
  calls(): RegisterCallsResponse {
    return this.state.calls();
  }

  @Public()
  @Delete('calls')
  @HttpCode(204)
  @ApiOperation({ summary: 'Reset the lookup count and log (development only)' })
  @ApiNoContentResponse()
  resetCalls(): void {
    this.state.resetCalls();
  }

  /** Compares digests, so neither the length nor the content of the token leaks through timing. */
  private authorised(header: string | undefined): boolean {
    const token = bearerToken(header);
    return token !== null && timingSafeEqual(digest(token), digest(this.config.REGISTER_TOKEN));
  }
}
