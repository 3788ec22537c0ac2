import { Body, Controller, Get, HttpCode, Inject, Post, Put, Query, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { Public, ValidationFailed } from '@fund-desk/platform';
import { SmsGatewayGuard } from './sms-gateway.guard';
import { SmsRepository } from './sms.repository';
import { SMS_MODES, SmsMode, SmsState } from './sms.state';

/** A phone number in E.164: a plus, a country code and at most 15 digits in all. */
const E164 = /^\+[1-9]\d{7,14}$/;

export class SendSmsDto {
  @ApiProperty({ example: '+31612345678', description: 'Recipient in E.164' })
  @IsString()
  @Matches(E164)
  to: string;

  @ApiProperty({ minLength: 1, maxLength: 640, example: 'Uw aanvraag is ontvangen.' })
  @IsString()
  @MinLength(1)
  @MaxLength(640)
  text: string;

  @ApiProperty({ minLength: 1, maxLength: 200, description: "The sender's reference; a message is accepted once per reference" })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reference: string;
}

export class SmsAcceptedResponse {
  @ApiProperty({ format: 'uuid', description: 'The first id given to this reference' }) id: string;
  @ApiProperty({ enum: ['accepted'] }) status: 'accepted';
}

export class SmsResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '+31612345678' }) to: string;
  @ApiProperty() text: string;
  @ApiProperty() reference: string;
  @ApiProperty() receivedAt: string;
}

export class SmsListResponse {
  @ApiProperty({ type: [SmsResponse] }) items: SmsResponse[];
}

export class SmsBehaviourDto {
  @ApiProperty({ enum: SMS_MODES, description: "'down' answers 503 to every message sent" })
  @IsIn(SMS_MODES)
  mode: SmsMode;
}

export class SmsBehaviourResponse {
  @ApiProperty({ enum: SMS_MODES }) mode: SmsMode;
}

/** Development only: a double of an SMS provider's HTTP API, and the text messages the system sent, by recipient. */
@ApiTags('development')
@Controller('dev/sms')
export class SmsController {
  constructor(
    @Inject(SmsRepository) private readonly messages: SmsRepository,
    @Inject(SmsState) private readonly state: SmsState,
  ) {}

  @Public()
  @UseGuards(SmsGatewayGuard)
  @Post('messages')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Send a text message, as to a real SMS provider (needs the SMS token when one is configured)' })
  @ApiAcceptedResponse({ type: SmsAcceptedResponse })
  @ApiBadRequestResponse({ description: 'An invalid number, text or reference' })
  @ApiUnauthorizedResponse({ description: 'No or a wrong SMS token' })
  @ApiServiceUnavailableResponse({ description: "The gateway is set to 'down'" })
  async send(@Body() body: SendSmsDto): Promise<SmsAcceptedResponse> {
    const id = await this.messages.store({ id: randomUUID(), to: body.to, text: body.text, reference: body.reference, receivedAt: new Date() });
    return { id, status: 'accepted' };
  }

  @Public()
  @Put('behaviour')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make the SMS gateway accept messages or be down (503), to test retries (development only)' })
  @ApiOkResponse({ type: SmsBehaviourResponse })
  setBehaviour(@Body() body: SmsBehaviourDto): SmsBehaviourResponse {
    return { mode: this.state.setMode(body.mode) };
  }

  @Public()
  @Get()
  @ApiOperation({ summary: 'Text messages sent to a number, newest first (development only)' })
  @ApiQuery({ name: 'to', required: true, example: '+31612345678', description: 'E.164; encode the plus as %2B' })
  @ApiOkResponse({ type: SmsListResponse })
  @ApiBadRequestResponse({ description: 'to is missing or not an E.164 number' })
  async list(@Query('to') to?: string): Promise<SmsListResponse> {
    if (to === undefined || to === '') throw new ValidationFailed([{ pointer: '/to', code: 'required', detail: 'to is required' }]);
    // A plus typed into a query string unencoded arrives as a space.
    const recipient = typeof to === 'string' ? to.replace(/^ (?=\d)/, '+') : '';
    if (!E164.test(recipient)) throw new ValidationFailed([{ pointer: '/to', code: 'matches', detail: 'to must be a phone number in E.164' }]);
    const messages = await this.messages.forRecipient(recipient);
    return { items: messages.map((m) => ({ id: m.id, to: m.to, text: m.text, reference: m.reference, receivedAt: m.receivedAt.toISOString() })) };
  }
}
