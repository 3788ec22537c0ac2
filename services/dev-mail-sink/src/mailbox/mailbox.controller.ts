import { Body, Controller, Get, HttpCode, Inject, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Public, ValidationFailed } from '@fund-desk/platform';
import { MailboxRepository } from './mailbox.repository';
import { MAX_ACK_DELAY_MS, SmtpSink } from './smtp-sink';

export class MailResponse {
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
  @ApiPropertyOptional({ nullable: true, example: 'nl' }) language: string | null;
  @ApiProperty() sentAt: string;
  @ApiProperty() messageId: string;
}

export class MailboxResponse {
  @ApiProperty({ type: [MailResponse] }) items: MailResponse[];
}

export class RefuseDto {
  @ApiPropertyOptional({ nullable: true, description: 'Refuse every message with this reason; null accepts again' })
  @IsOptional()
  @IsString()
  reason?: string | null;
}

export class MailboxBehaviourDto {
  @ApiProperty({
    minimum: 0,
    maximum: MAX_ACK_DELAY_MS,
    example: 3000,
    description: 'Wait this long after a message is in before answering 250; a client that disconnects meanwhile loses the message. 0 answers at once',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_ACK_DELAY_MS)
  ackDelayMs: number;
}

export class MailboxBehaviourResponse {
  @ApiProperty() ackDelayMs: number;
}

/** Development only: the e-mails the system sent, by recipient. */
@ApiTags('development')
@Controller('dev')
export class MailboxController {
  constructor(
    @Inject(MailboxRepository) private readonly mailbox: MailboxRepository,
    @Inject(SmtpSink) private readonly sink: SmtpSink,
  ) {}

  @Public()
  @Get('mailbox')
  @ApiOperation({ summary: 'E-mails sent to an address, newest first (development only)' })
  @ApiQuery({ name: 'to', required: true })
  @ApiOkResponse({ type: MailboxResponse })
  async list(@Query('to') to?: string): Promise<MailboxResponse> {
    if (!to || !to.includes('@')) throw new ValidationFailed([{ pointer: '/to', code: 'isEmail', detail: 'to must be an e-mail address' }]);
    const mails = await this.mailbox.forRecipient(to);
    return {
      items: mails.map((m) => ({ subject: m.subject, text: m.text, language: m.language, sentAt: m.sentAt.toISOString(), messageId: m.messageId })),
    };
  }

  @Public()
  @Put('mailbox/refusal')
  @HttpCode(204)
  @ApiOperation({ summary: 'Make the SMTP sink refuse (or accept again) every message, to test retries' })
  refuse(@Body() body: RefuseDto): void {
    this.sink.refuse(body.reason ?? null);
  }

  @Public()
  @Put('mailbox/behaviour')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make the SMTP sink slow to acknowledge a message, to test client timeouts (development only)' })
  @ApiOkResponse({ type: MailboxBehaviourResponse })
  setBehaviour(@Body() body: MailboxBehaviourDto): MailboxBehaviourResponse {
    this.sink.delayAcknowledgement(body.ackDelayMs);
    return { ackDelayMs: this.sink.currentAckDelayMs() };
  }
}
