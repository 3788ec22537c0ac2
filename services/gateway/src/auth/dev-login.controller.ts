import { Body, Controller, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ROLES } from '@fund-desk/contracts';
import type { Role } from '@fund-desk/contracts';
import { Public, TokenService } from '@fund-desk/platform';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';

export class DevLoginDto {
  @ApiProperty({ enum: ROLES, example: 'parent' })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ example: 'parent-sanne', description: 'Who signs in: any stable name in development' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  subject: string;

  @ApiPropertyOptional({ example: 'leergeld-leeuwarden', description: 'Required for fund-staff' })
  @ValidateIf((o: DevLoginDto) => o.role === 'fund-staff' || o.fundId !== undefined)
  @IsString()
  @MinLength(1)
  fundId?: string;

  @ApiPropertyOptional({ example: 'GM0080', description: 'Required for municipality' })
  @ValidateIf((o: DevLoginDto) => o.role === 'municipality' || o.municipalityCode !== undefined)
  @Matches(/^GM\d{4}$/)
  municipalityCode?: string;

  @IsOptional()
  @IsString()
  @ApiPropertyOptional({ description: 'Intermediaries: their organisation' })
  organisation?: string;
}

export class AccessTokenResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: string;
  @ApiProperty({ example: 28800 }) expiresIn: number;
}

/** Development sign-in. In production an identity provider issues the tokens and this answers 404. */
@ApiTags('auth')
@Controller('auth')
export class DevLoginController {
  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Public()
  @Post('dev-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in as anyone, with a role (development only)' })
  @ApiOkResponse({ type: AccessTokenResponse })
  login(@Body() body: DevLoginDto): AccessTokenResponse {
    if (this.config.NODE_ENV === 'production') throw new NotFoundException();
    const expiresIn = 8 * 3600;
    const accessToken = this.tokens.issue(
      { subject: body.subject, role: body.role, fundId: body.fundId, municipalityCode: body.municipalityCode },
      expiresIn,
    );
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }
}
