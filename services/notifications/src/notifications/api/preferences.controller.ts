import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, Matches, ValidateNested } from 'class-validator';
import { LANGUAGES } from '@fund-desk/contracts';
import type { Language } from '@fund-desk/contracts';
import { CurrentPrincipal, Principal } from '@fund-desk/platform';
import { DEFAULT_QUIET_HOURS } from '../domain/quiet-hours';
import { NotificationsRepository, Preferences } from '../infrastructure/notifications.repository';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

export class ChannelsDto {
  @ApiProperty() @IsBoolean() email: boolean;
  @ApiProperty({ description: 'Text messages (needs a mobile number)' }) @IsBoolean() sms: boolean;
}

export class QuietHoursDto {
  @ApiProperty({ example: '21:00' }) @Matches(CLOCK) start: string;
  @ApiProperty({ example: '08:00' }) @Matches(CLOCK) end: string;
}

export class PreferencesDto {
  @ApiPropertyOptional({ enum: LANGUAGES }) @IsOptional() @IsIn(LANGUAGES) language?: Language;
  @ApiPropertyOptional({ example: 'ouder@example.nl' }) @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional({ example: '+31612345678', description: 'Mobile number, E.164' }) @IsOptional() @Matches(/^\+[1-9]\d{7,14}$/) phone?: string;
  @ApiPropertyOptional({ type: ChannelsDto, description: 'The in-app inbox is always on; left out: the channels stay as they were' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChannelsDto)
  channels?: ChannelsDto;
  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true, description: 'No text messages in these hours (Dutch time); null: any time' })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;
}

export class PreferencesResponse extends PreferencesDto {}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/preferences')
export class PreferencesController {
  constructor(@Inject(NotificationsRepository) private readonly repository: NotificationsRepository) {}

  @Get()
  @ApiOperation({ summary: 'How I want to hear from fund-desk: language, channels, quiet hours for text messages' })
  @ApiOkResponse({ type: PreferencesResponse })
  async get(@CurrentPrincipal() principal: Principal): Promise<PreferencesResponse> {
    const saved = await this.repository.preferencesOf(principal.subject);
    return saved ? view(saved) : { channels: { email: true, sms: false }, quietHours: DEFAULT_QUIET_HOURS };
  }

  @Put()
  @ApiOperation({ summary: 'Change how I hear from fund-desk (applies to every application)' })
  @ApiOkResponse({ type: PreferencesResponse })
  async put(@CurrentPrincipal() principal: Principal, @Body() body: PreferencesDto): Promise<PreferencesResponse> {
    const channels = body.channels ?? (await this.repository.preferencesOf(principal.subject))?.channels ?? { email: true, sms: false };
    const preferences: Preferences = {
      subject: principal.subject,
      ...(body.language ? { language: body.language } : {}),
      ...(body.email ? { email: body.email } : {}),
      ...(body.phone ? { phone: body.phone } : {}),
      channels: { email: channels.email, sms: channels.sms },
      quietHours: body.quietHours === undefined ? DEFAULT_QUIET_HOURS : body.quietHours ? { start: body.quietHours.start, end: body.quietHours.end } : null,
    };
    await this.repository.savePreferences(preferences);
    return view(preferences);
  }
}

function view(p: Preferences): PreferencesResponse {
  return {
    ...(p.language ? { language: p.language } : {}),
    ...(p.email ? { email: p.email } : {}),
    ...(p.phone ? { phone: p.phone } : {}),
    channels: p.channels,
    quietHours: p.quietHours,
  };
}
