import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { decodeJwt } from 'jose';
import { bearerToken, languageOf } from '@fund-desk/platform';
import { problem } from '../proxy/api-proxy';
import { type BodyLimits, checkBody } from './body-limit';
import { type RateLimiter, type RateLimits, rulesFor } from './rate-limit';

/** The account a request counts against: the token's subject (only a counting key: the services verify it), else the session. */
function accountOf(req: Request, sessionCookie: string): string | undefined {
  const token = bearerToken(req.headers.authorization);
  if (token) {
    try {
      const sub = decodeJwt(token).sub;
      if (sub) return `sub:${sub}`;
    } catch {
      // Not a token: counted by address only.
    }
  }
  const cookie = req.headers.cookie?.split(';').find((c) => c.trim().startsWith(`${sessionCookie}=`));
  return cookie ? `session:${cookie.trim().slice(sessionCookie.length + 1, sessionCookie.length + 25)}` : undefined;
}

/**
 * Before anything reaches a service: no caching of API answers, body size limits (413, 411) and rate limits in
 * Redis per account and per address (429 with Retry-After), stricter on sign-in and on submitting applications.
 */
export function apiGuards(options: { limits: RateLimits | null; body: BodyLimits; limiter: RateLimiter; sessionCookie: string }): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/api/')) return next();
    res.setHeader('Cache-Control', 'no-store');
    const lang = languageOf(req.headers['accept-language']);
    const body = checkBody(req, req.path, options.body);
    if (!body.ok) {
      return body.status === 413
        ? problem(res, 413, 'PAYLOAD_TOO_LARGE', lang, `A request here may carry at most ${body.limit} bytes`)
        : problem(res, 411, 'LENGTH_REQUIRED', lang, 'Send the body with a Content-Length');
    }
    if (options.limits) {
      const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      const account = accountOf(req, options.sessionCookie);
      for (const { rule, by } of rulesFor(req.method, req.path, options.limits)) {
        const who = by === 'account' ? account : `ip:${address}`;
        if (!who) continue;
        const verdict = await options.limiter.take(rule, who);
        if (!verdict.ok) {
          return problem(res, 429, 'TOO_MANY_REQUESTS', lang, `Limit "${verdict.rule}" reached`, { 'Retry-After': String(verdict.retryAfterSeconds) });
        }
      }
    }
    return next();
  };
}
