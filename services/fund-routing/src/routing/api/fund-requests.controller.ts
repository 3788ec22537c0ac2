import { Controller, ForbiddenException, Get, Inject, NotFoundException, Param, ParseIntPipe, DefaultValuePipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@fund-desk/platform';
import { RoutingRepository } from '../infrastructure/routing.repository';

export class FundRequestResponse {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() category: string;
  @ApiProperty({ example: 'routed' }) status: string;
  @ApiProperty() amountCents: number;
  @ApiProperty({ description: "Child's first name: all the fund needs to know of the child, with the age" }) childFirstName: string;
  @ApiProperty() childAge: number;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional() provider?: { name: string; iban: string };
  @ApiProperty({ description: 'Waits for an intermediary to endorse it' }) endorsementRequired: boolean;
  @ApiProperty() routedAt: string;
}

export class FundRequestListResponse {
  @ApiProperty({ type: [FundRequestResponse] }) items: FundRequestResponse[];
}

export class FundResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() categories: string[];
  @ApiProperty() incomeLimitPercent: number;
  @ApiProperty() priority: number;
}

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class FundRequestsController {
  constructor(@Inject(RoutingRepository) private readonly repository: RoutingRepository) {}

  @Get()
  @ApiOperation({ summary: 'The fund catalogue' })
  @ApiOkResponse({ type: [FundResponse] })
  async funds(): Promise<{ items: FundResponse[] }> {
    const funds = await this.repository.listFunds();
    return { items: funds.map((f) => ({ id: f.id, name: f.name, categories: f.categories, incomeLimitPercent: f.incomeLimitPercent, priority: f.priority })) };
  }

  @Get(':fundId/requests')
  @Roles('fund-staff', 'admin')
  @ApiOperation({ summary: "The requests routed to a fund, newest first (that fund's staff only)" })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @ApiOkResponse({ type: FundRequestListResponse })
  async requests(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId') fundId: string,
    @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ): Promise<FundRequestListResponse> {
    if (principal.role === 'fund-staff' && principal.fundId !== fundId) {
      throw new ForbiddenException('Staff see only the requests of their own fund');
    }
    if (!(await this.repository.fundExists(fundId))) throw new NotFoundException(`Fund ${fundId} not found`);
    const requests = await this.repository.requestsForFund(fundId, Math.min(Math.max(limit, 1), 200), Math.max(offset, 0));
    return {
      items: requests.map((r) => ({
        id: r.id,
        applicationId: r.applicationId,
        category: r.category,
        status: r.status,
        amountCents: r.amountCents,
        childFirstName: r.childFirstName,
        childAge: r.childAge,
        ...(r.description ? { description: r.description } : {}),
        ...(r.provider ? { provider: r.provider } : {}),
        endorsementRequired: r.endorsementRequired,
        routedAt: r.routedAt.toISOString(),
      })),
    };
  }
}
