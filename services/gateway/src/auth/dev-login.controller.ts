import { Body, Controller, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ROLES } from '@fund-desk/contracts';
import type { Role } from '@fund-desk/contracts';
import { DevTokenSigner, Public } from '@fund-desk/platform';
import { DEV_TOKEN_SIGNER } from './dev-token-signer';

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

  @ApiPropertyOptional({ description: "fund-staff only: also the fund's administrator (realm role fund-admin)" })
  @IsOptional()
  @IsBoolean()
  fundAdmin?: boolean;

  @ApiPropertyOptional({ example: 'GM0080', description: 'Required for municipality' })
  @ValidateIf((o: DevLoginDto) => o.role === 'municipality' || o.municipalityCode !== undefined)
  @Matches(/^GM\d{4}$/)
  municipalityCode?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @ApiPropertyOptional({ description: 'Intermediaries: their organisation' })
  organisation?: string;
}

export class AccessTokenResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: string;
  @ApiProperty({ example: 28800 }) expiresIn: number;
}

/**
 * Development sign-in for tests and demos: a token of the dev-login issuer (RS256, the same claims as the
 * identity provider's), which services trust only while DEV_LOGIN=on. Without that flag it answers 404.
 */
@ApiTags('auth')
@Controller('auth')
export class DevLoginController {
  constructor(@Inject(DEV_TOKEN_SIGNER) private readonly signer: DevTokenSigner | null) {}

  @Public()
  @Post('dev-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in as anyone, with a role (development only: DEV_LOGIN=on)' })
  @ApiOkResponse({ type: AccessTokenResponse })
  @ApiNotFoundResponse({ description: 'Development sign-in is off' })
  login(@Body() body: DevLoginDto): AccessTokenResponse {
    if (!this.signer) throw new NotFoundException();
    const expiresIn = 8 * 3600;
    const accessToken = this.signer.issue(
      {
        subject: body.subject,
        role: body.role,
        fundId: body.fundId,
        fundAdmin: body.role === 'fund-staff' && body.fundAdmin === true ? true : undefined,
        municipalityCode: body.municipalityCode,
        organisation: body.organisation,
      },
      expiresIn,
    );
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }
}
