import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { CurrentPrincipal, Principal, Roles, validateInput } from '@fund-desk/platform';
import type { FamilyLink } from '../domain/family-link';
import { FamilyLinksUseCase } from '../use-cases/family-links/family-links.use-case';

export class RequestFamilyLinkDto {
  @ApiProperty({ description: "The parent's own account (their subject), as the parent gave it to you" })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  parentAccount: string;
}

export class FamilyLinkResponse {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The intermediary who asked' }) intermediary: string;
  @ApiPropertyOptional({ description: 'The organisation the intermediary works for' }) organisation?: string;
  @ApiProperty({ description: "The parent's account" }) parent: string;
  @ApiProperty({ enum: ['requested', 'confirmed', 'ended'] }) status: string;
  @ApiProperty() requestedAt: string;
  @ApiPropertyOptional() confirmedAt?: string;
  @ApiPropertyOptional() endedAt?: string;
  @ApiPropertyOptional({ description: 'Who ended it: the parent or the intermediary' }) endedBy?: string;
}

export class FamilyLinkListResponse {
  @ApiProperty({ type: [FamilyLinkResponse] }) items: FamilyLinkResponse[];
}

const view = (link: FamilyLink): FamilyLinkResponse => ({ ...link });
const uuid = () => new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('family-links')
@ApiBearerAuth()
@Controller('family-links')
export class FamilyLinksController {
  constructor(@Inject(FamilyLinksUseCase) private readonly links: FamilyLinksUseCase) {}

  @Post()
  @HttpCode(201)
  @Roles('intermediary')
  @ApiOperation({ summary: 'Ask to be linked to a family you help; the parent confirms. Asking again returns the link asked for or confirmed' })
  @ApiBody({ type: RequestFamilyLinkDto })
  @ApiResponse({ status: 201, type: FamilyLinkResponse })
  @ApiResponse({ status: 400, description: 'Problem details naming every invalid field' })
  async request(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<FamilyLinkResponse> {
    const input = await validateInput(RequestFamilyLinkDto, body);
    return view((await this.links.request(principal, input.parentAccount, new Date())).link);
  }

  @Get()
  @Roles('parent', 'intermediary')
  @ApiOperation({ summary: 'The links naming me (a parent: the intermediaries of my family; an intermediary: the families I help), newest first' })
  @ApiOkResponse({ type: FamilyLinkListResponse })
  async list(@CurrentPrincipal() principal: Principal): Promise<FamilyLinkListResponse> {
    return { items: (await this.links.list(principal)).map(view) };
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles('parent')
  @ApiOperation({ summary: 'The parent confirms: the intermediary now sees the family’s applications and may apply on its behalf' })
  @ApiOkResponse({ type: FamilyLinkResponse })
  @ApiResponse({ status: 404, description: 'Not found, or not naming you' })
  @ApiResponse({ status: 409, description: 'The link was ended' })
  async confirm(@CurrentPrincipal() principal: Principal, @Param('id', uuid()) id: string): Promise<FamilyLinkResponse> {
    return view(await this.links.confirm(principal, id, new Date()));
  }

  @Post(':id/end')
  @HttpCode(200)
  @Roles('parent', 'intermediary')
  @ApiOperation({ summary: 'The parent or the intermediary ends the link: the intermediary no longer sees what the family applied for itself' })
  @ApiOkResponse({ type: FamilyLinkResponse })
  @ApiResponse({ status: 404, description: 'Not found, or not naming you' })
  async end(@CurrentPrincipal() principal: Principal, @Param('id', uuid()) id: string): Promise<FamilyLinkResponse> {
    return view(await this.links.end(principal, id, new Date()));
  }
}
