import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken, DomainError } from '@fund-desk/platform';
import { MAIL_SINK_CONFIG, MailSinkConfig } from '../config/mail-sink.config';
import { SmsState } from './sms.state';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * What a provider checks before it reads a request: that it is up, then the sender's token (when one is
 * configured). The platform's JWT guard does not apply here; the route is public to it.
 */
@Injectable()
export class SmsGatewayGuard implements CanActivate {
  constructor(
    @Inject(MAIL_SINK_CONFIG) private readonly config: MailSinkConfig,
    @Inject(SmsState) private readonly state: SmsState,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.state.currentMode() === 'down') throw new DomainError('UNAVAILABLE', 'unavailable', 'The SMS gateway is down (development test mode)');
    const expected = this.config.SMS_TOKEN;
    if (!expected) return true;
    const token = bearerToken(context.switchToHttp().getRequest<Request>().headers.authorization);
    // Compares digests, so neither the length nor the content of the token leaks through timing.
    if (token === null || !timingSafeEqual(digest(token), digest(expected))) throw new UnauthorizedException('A valid SMS token is required');
    return true;
  }
}
