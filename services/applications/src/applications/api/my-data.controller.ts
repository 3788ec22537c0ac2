import { Controller, Get, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@fund-desk/platform';
import { HouseholdRepository } from '../infrastructure/household.repository';
import { PrivacyUseCase } from '../use-cases/privacy/privacy.use-case';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications/me')
@Roles('parent')
export class MyDataController {
  constructor(
    @Inject(HouseholdRepository) private readonly households: HouseholdRepository,
    @Inject(PrivacyUseCase) private readonly privacy: PrivacyUseCase,
  ) {}

  @Get('household')
  @ApiOperation({ summary: 'My household as I entered it last time (children, address, contact; never income or BSN), to apply again' })
  async household(@CurrentPrincipal() principal: Principal) {
    const household = await this.households.household(principal.subject);
    if (!household) throw new NotFoundException('No household yet');
    const { subject: _s, ...rest } = household;
    return rest;
  }

  @Get('export')
  @ApiOperation({ summary: 'Everything kept about my household here, as JSON (download)' })
  async export(@CurrentPrincipal() principal: Principal) {
    return this.privacy.export(principal, new Date());
  }

  @Post('erasure')
  @HttpCode(202)
  @ApiOperation({ summary: "Erase my household's personal data in every service (open requests are withdrawn; payment records stay as the law requires)" })
  async erase(@CurrentPrincipal() principal: Principal) {
    return { status: 'accepted', ...(await this.privacy.erase(principal, new Date())) };
  }
}
