import { Controller, ForbiddenException, Logger, Get, HttpCode, Inject, NotFoundException, Post, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiFoundResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { decodeJwt } from 'jose';
import { CurrentPrincipal, type Principal, Public, Roles, TokenVerifier } from '@fund-desk/platform';
import { DEV_TOKEN_SIGNER } from '../auth/dev-token-signer';
import { BrowserSessions, CSRF_HEADER, safeReturnPath } from './browser-sessions';

export const BROWSER_SESSIONS = 'BROWSER_SESSIONS';

export class SessionView {
  @ApiProperty() subject: string;
  @ApiProperty({ enum: ['parent', 'intermediary', 'fund-staff', 'municipality', 'admin'] }) role: string;
  @ApiPropertyOptional() fundId?: string;
  @ApiPropertyOptional() fundAdmin?: boolean;
  @ApiPropertyOptional() municipalityCode?: string;
  @ApiPropertyOptional() organisation?: string;
  @ApiProperty({ description: `Send it back in the ${CSRF_HEADER} header with every request that changes something` }) csrfToken: string;
  @ApiProperty({ description: 'When the session ends if nothing more happens (ISO 8601)' }) endsAt: string;
}

export class SignInOptionsView {
  @ApiProperty({ description: "Sign-in through the identity provider's pages (GET /auth/login)" }) identityProvider: boolean;
  @ApiProperty({ description: 'The development sign-in (POST /auth/dev-login): tests and demos only' }) devLogin: boolean;
}

export class AuditEntryView {
  @ApiProperty() at: string;
  @ApiProperty() action: string;
  @ApiProperty() actor: { subject: string; role: string };
  @ApiProperty({ enum: ['allowed', 'denied'] }) outcome: string;
  @ApiPropertyOptional() from?: string;
  @ApiPropertyOptional() purpose?: string;
}

export class AuditTrailView {
  @ApiProperty({ type: [AuditEntryView], description: 'Newest first' }) items: AuditEntryView[];
  @ApiProperty({ enum: ['included', 'unavailable'], description: "Whether the identity provider's refused sign-ins (wrong passwords, codes) are in the list" })
  identityProvider: 'included' | 'unavailable';
}

const STAFF = new Set(['fund-staff', 'municipality', 'admin']);

/** The authentication methods in a (verified) token's `amr` claim. */
function methodsOf(token: string): string[] {
  try {
    const amr = (decodeJwt(token) as { amr?: unknown }).amr;
    return Array.isArray(amr) ? amr.filter((m): m is string => typeof m === 'string') : [];
  } catch {
    return [];
  }
}

const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? undefined;

/**
 * Sign-in for browsers through the realm: `login` sends the browser to the identity provider (code flow with PKCE),
 * `callback` takes it back and opens a server-side session (an HttpOnly cookie), `session` tells the portal who is
 * signed in and gives the CSRF token, `logout` ends the session here and at the identity provider.
 */
@ApiTags('auth')
@Controller('auth')
export class SessionController {
  private readonly logger = new Logger(SessionController.name);

  constructor(
    @Inject(BROWSER_SESSIONS) private readonly sessions: BrowserSessions,
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
    @Inject(DEV_TOKEN_SIGNER) private readonly devSigner: unknown,
  ) {}

  @Public()
  @Get('options')
  @ApiOperation({ summary: 'Which ways of signing in this gateway offers' })
  @ApiOkResponse({ type: SignInOptionsView })
  options(): SignInOptionsView {
    return { identityProvider: this.sessions.provider !== null, devLogin: this.devSigner !== null };
  }

  @Public()
  @Get('login')
  @ApiOperation({ summary: 'Sign in: sends the browser to the identity provider, and back to returnTo afterwards' })
  @ApiQuery({ name: 'returnTo', required: false, description: 'A path on this site, e.g. /aanvragen' })
  @ApiFoundResponse({ description: "Redirect to the identity provider's sign-in page" })
  async login(@Query('returnTo') returnTo: unknown, @Res() res: Response): Promise<void> {
    const provider = this.sessions.provider;
    if (!provider) throw new NotFoundException('Sign-in through the identity provider is not configured');
    const started = await provider.startSignIn();
    await this.sessions.store.putPending(started.state, { codeVerifier: started.codeVerifier, nonce: started.nonce, returnTo: safeReturnPath(returnTo) });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, started.url);
  }

  @Public()
  @Get('callback')
  @ApiOperation({ summary: 'Where the identity provider sends the browser back; opens the session' })
  @ApiFoundResponse({ description: 'Redirect to where the user was, or to the sign-in page with an error' })
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const fail = async (reason: string, who: Principal | null = null) => {
      await this.sessions.audit.record('session.sign-in-failed', who, addressOf(req), reason);
      res.redirect(302, `/sign-in?error=${encodeURIComponent(reason)}`);
    };
    const provider = this.sessions.provider;
    if (!provider) throw new NotFoundException('Sign-in through the identity provider is not configured');
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const pending = state ? await this.sessions.store.takePending(state) : null;
    if (!pending) return fail('unknown-state');
    if (typeof req.query.error === 'string') return fail(req.query.error === 'access_denied' ? 'access-denied' : 'provider-error');
    let tokens;
    try {
      const here = new URL(provider.settings.redirectUri);
      here.search = new URL(req.originalUrl, 'http://x').search;
      tokens = await provider.finishSignIn(here, { state, nonce: pending.nonce, codeVerifier: pending.codeVerifier });
    } catch {
      return fail('code-refused');
    }
    const principal = await this.tokens.verify(tokens.accessToken);
    if (!principal) return fail('no-role');
    // The realm asks every staff role for a second factor (its browser flow; tested against Keycloak). The token's
    // `amr` is not relied on: Keycloak's AMR mapper was seen to leave out steps under concurrent sign-ins, which would
    // shut staff out at random. A staff token without `otp` in it is logged, so a realm changed later shows.
    if (STAFF.has(principal.role) && !methodsOf(tokens.accessToken).includes('otp')) {
      this.logger.warn({ msg: 'A staff sign-in whose token does not name a second factor', role: principal.role });
    }
    const { id, session } = await this.sessions.store.create({ principal, ...tokens });
    await this.sessions.audit.record('session.sign-in', principal, addressOf(req));
    res.setHeader('Set-Cookie', this.sessions.cookie(id, Math.ceil((this.sessions.store.endsAt(session) - Date.now()) / 1000) + 3600));
    res.redirect(302, pending.returnTo);
  }

  @Public()
  @Get('session')
  @ApiOperation({ summary: 'Who is signed in in this browser, with the CSRF token for changes' })
  @ApiOkResponse({ type: SessionView })
  @ApiUnauthorizedResponse({ description: 'No live session' })
  async current(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    res.setHeader('Cache-Control', 'no-store');
    const id = this.sessions.sessionIdOf(req);
    const state = id ? await this.sessions.store.resume(id) : ({ ended: 'unknown' } as const);
    if ('ended' in state) {
      if (id) res.setHeader('Set-Cookie', this.sessions.clearedCookie());
      if (id && state.ended !== 'unknown') await this.sessions.audit.record('session.expired', null, addressOf(req), state.ended);
      throw new UnauthorizedException('No session');
    }
    const fresh = await this.sessions.freshened(id!, state.session);
    if (!fresh) throw new UnauthorizedException('The session could not be renewed');
    return { ...fresh.principal, csrfToken: fresh.csrfToken, endsAt: new Date(this.sessions.store.endsAt(fresh)).toISOString() };
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends the session here and at the identity provider (needs the CSRF token)' })
  @ApiNoContentResponse({ description: 'Signed out' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const id = this.sessions.sessionIdOf(req);
    res.setHeader('Set-Cookie', this.sessions.clearedCookie());
    if (!id) return;
    const state = await this.sessions.store.resume(id);
    if ('ended' in state) return;
    const presented = req.headers[CSRF_HEADER];
    if (!this.sessions.store.csrfMatches(state.session, Array.isArray(presented) ? presented[0] : presented)) {
      throw new ForbiddenException('The request lacks the CSRF token of this session');
    }
    const ended = await this.sessions.store.destroy(id);
    await this.sessions.audit.record('session.sign-out', state.session.principal, addressOf(req));
    await this.sessions.provider?.signOut(ended?.refreshToken).catch(() => undefined);
  }

  @Get('audit')
  @Roles('fund-staff', 'admin')
  @ApiOperation({ summary: "Sign-ins, sign-outs and failed sign-ins of a fund's people (the fund's administrator)" })
  @ApiQuery({ name: 'fundId', required: true })
  @ApiOkResponse({ type: AuditTrailView })
  async audit(@CurrentPrincipal() principal: Principal, @Query('fundId') fundId: string): Promise<AuditTrailView> {
    const mayRead = principal.role === 'admin' || (principal.fundAdmin === true && principal.fundId === fundId);
    if (!mayRead || typeof fundId !== 'string') throw new ForbiddenException("Only the fund's administrator reads its audit trail");
    const entries: AuditEntryView[] = (await this.sessions.audit.forFund(fundId)).map((e) => ({ ...e, at: e.at.toISOString() }));
    // Wrong passwords and codes are refused by the identity provider itself: its event log has them.
    let identityProvider: 'included' | 'unavailable' = 'unavailable';
    if (this.sessions.provider) {
      try {
        const refused = await this.sessions.provider.failedSignInsOfFund(fundId);
        entries.push(
          ...refused.map((f) => ({
            at: f.at.toISOString(),
            action: 'session.sign-in-failed',
            actor: { subject: f.userId, role: 'fund-staff' },
            outcome: 'denied',
            purpose: f.error,
            ...(f.from ? { from: f.from } : {}),
          })),
        );
        identityProvider = 'included';
      } catch {
        identityProvider = 'unavailable';
      }
    }
    entries.sort((a, b) => b.at.localeCompare(a.at));
    return { items: entries, identityProvider };
  }

}
