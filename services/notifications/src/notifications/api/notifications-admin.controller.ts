import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { LANGUAGES } from '@fund-desk/contracts';
import type { Language } from '@fund-desk/contracts';
import { AccessTo, Roles } from '@fund-desk/platform';
import { NotificationsRepository } from '../infrastructure/notifications.repository';
import { SendDigestsUseCase } from '../use-cases/send-digests/send-digests.use-case';

/** "ouder@example.nl" → "o***@example.nl", "+31612345678" → "+316*****678": enough to recognise, not to use. */
export const masked = (contact: string) =>
  contact.includes('@') ? contact.replace(/^(.).*(@.*)$/, '$1***$2') : contact.replace(/^(\+\d{3}).*(\d{3})$/, (_, a: string, b: string) => `${a}${'*'.repeat(Math.max(3, contact.length - 7))}${b}`);

export class FailureResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['email', 'sms'] }) channel: string;
  @ApiPropertyOptional({ description: "Masked; absent once the person's data was erased" }) to?: string;
  @ApiProperty() subject: string;
  @ApiProperty() type: string;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional() lastError?: string;
  @ApiProperty() createdAt: string;
}

export class FailureQuery {
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class FundContactDto {
  @ApiProperty() @IsEmail() email: string;
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES) language: Language;
}

export class FundContactsDto {
  @ApiProperty({ type: [FundContactDto] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => FundContactDto) contacts: FundContactDto[];
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsAdminController {
  constructor(
    @Inject(NotificationsRepository) private readonly repository: NotificationsRepository,
    @Inject(SendDigestsUseCase) private readonly digests: SendDigestsUseCase,
  ) {}

  @Get('failures')
  @Roles('admin')
  @ApiOperation({ summary: 'Messages that could not be delivered after every retry (contacts masked, no bodies)' })
  @ApiOkResponse({ type: [FailureResponse] })
  async failures(@Query() query: FailureQuery): Promise<{ items: FailureResponse[] }> {
    const failed = await this.repository.failures(query.limit ?? 50, query.offset ?? 0);
    return {
      items: failed.map((d) => ({
        id: d.id,
        channel: d.channel,
        ...(d.to ? { to: masked(d.to) } : {}),
        subject: d.subject,
        type: d.type,
        attempts: d.attempts,
        ...(d.lastError ? { lastError: d.lastError } : {}),
        createdAt: new Date(d.createdAt).toISOString(),
      })),
    };
  }

  @Put('funds/:fundId/contacts')
  @Roles('admin')
  @ApiOperation({ summary: "Who of a fund's staff gets its digest of new and waiting requests" })
  async setContacts(@Param('fundId') fundId: string, @Body() body: FundContactsDto) {
    await this.repository.setFundContacts(fundId, body.contacts.map((c) => ({ email: c.email, language: c.language })));
    return { fundId, contacts: body.contacts.length };
  }

  @Get('funds/:fundId/digest')
  @Roles('admin', 'fund-staff')
  @ApiOperation({ summary: "What the fund's next digest would say: new and waiting requests, the oldest waiting" })
  @AccessTo('fund', 'fundId')
  async digestPreview(@Param('fundId') fundId: string) {
    return this.digests.preview(fundId);
  }

  @Post('funds/:fundId/digest')
  @HttpCode(200)
  @Roles('admin', 'fund-staff')
  @ApiOperation({ summary: "Send the fund's digest now if anything is new or waiting (it also goes out daily, and hourly when busy)" })
  @AccessTo('fund', 'fundId')
  async digestNow(@Param('fundId') fundId: string) {
    const [report] = await this.digests.run(new Date(), fundId, true);
    return report;
  }
}
