import { Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Principal, TokenVerifier } from '@fund-desk/platform';
import type { IdentityProvider } from './identity-provider';
import type { Session, SessionStore } from './session-store';
import type { SignInAudit } from './sign-in-audit';

export const SESSION_COOKIE = 'fd_session';
/** The secure variant: browsers accept a `__Host-` cookie only from a secure origin, for the whole host, with no Domain. */
export const SECURE_SESSION_COOKIE = '__Host-fd_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Refresh an access token this long before it expires. */
const REFRESH_AHEAD_MS = 60_000;

export function cookieOf(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** A path on this site to go back to after sign-in: relative, never `//host` or a scheme. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.length > 500) return '/';
  return value;
}

export type Authorization =
  | { kind: 'none' }
  | { kind: 'session'; accessToken: string; principal: Principal }
  | { kind: 'refused'; status: 401 | 403; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; detail: string };

/**
 * The browser's side of sign-in: a session cookie in, a bearer token out. The gateway turns a live session into
 * the `Authorization` header of the request it passes on (refreshing the access token shortly before it expires),
 * checks the CSRF token on every state-changing request, and forgets the cookie before the request leaves.
 */
export class BrowserSessions {
  private readonly logger = new Logger(BrowserSessions.name);

  constructor(
    readonly store: SessionStore,
    readonly provider: IdentityProvider | null,
    private readonly tokens: TokenVerifier,
    readonly audit: SignInAudit,
    readonly secureCookies: boolean,
  ) {}

  get cookieName(): string {
    return this.secureCookies ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  }

  sessionIdOf(req: IncomingMessage): string | undefined {
    return cookieOf(req.headers.cookie, this.cookieName);
  }

  cookie(id: string, maxAgeSeconds: number): string {
    return `${this.cookieName}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${this.secureCookies ? '; Secure' : ''}`;
  }

  clearedCookie(): string {
    return `${this.cookieName}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${this.secureCookies ? '; Secure' : ''}`;
  }

  /** For a request to a service: the session's bearer token, or why not. A request with its own bearer token is left alone. */
  async authorize(req: IncomingMessage): Promise<Authorization> {
    if (req.headers.authorization) return { kind: 'none' };
    const id = this.sessionIdOf(req);
    if (!id) return { kind: 'none' };
    const state = await this.store.resume(id);
    if ('ended' in state) {
      return { kind: 'refused', status: 401, code: 'UNAUTHENTICATED', detail: state.ended === 'idle' ? 'The session ended after a while without activity' : 'The session has ended' };
    }
    const { session } = state;
    if (!SAFE_METHODS.has(req.method ?? 'GET')) {
      const presented = req.headers[CSRF_HEADER];
      if (!this.store.csrfMatches(session, Array.isArray(presented) ? presented[0] : presented)) {
        return { kind: 'refused', status: 403, code: 'FORBIDDEN', detail: 'The request lacks the CSRF token of this session' };
      }
    }
    const fresh = await this.freshened(id, session);
    if (!fresh) return { kind: 'refused', status: 401, code: 'UNAUTHENTICATED', detail: 'The session could not be renewed; sign in again' };
    return { kind: 'session', accessToken: fresh.accessToken, principal: fresh.principal };
  }

  /** The session with an access token valid for at least a minute more (refreshed at the identity provider when needed). */
  async freshened(id: string, session: Session): Promise<Session | null> {
    if (session.accessExpiresAt - Date.now() > REFRESH_AHEAD_MS) return session;
    if (!this.provider || !session.refreshToken) return session.accessExpiresAt > Date.now() ? session : null;
    if (!(await this.store.lockRefresh(id))) return session.accessExpiresAt > Date.now() ? session : null;
    try {
      const tokens = await this.provider.refresh(session.refreshToken);
      const principal = await this.tokens.verify(tokens.accessToken);
      if (!principal || principal.subject !== session.principal.subject) return null;
      const renewed: Session = { ...session, ...tokens, principal };
      await this.store.update(id, renewed);
      return renewed;
    } catch (error) {
      this.logger.warn(`Refreshing a session failed: ${(error as Error).message}`);
      return session.accessExpiresAt > Date.now() ? session : null;
    }
  }
}
