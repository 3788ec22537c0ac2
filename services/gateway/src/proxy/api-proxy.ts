import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, languageOf, TITLES, TokenVerifier } from '@fund-desk/platform';
import type { BrowserSessions } from '../session/browser-sessions';
import { matchRoute, Route } from './routes';
import { Upstreams } from './upstreams';

const API = '/api/v1';

export function problem(res: ServerResponse, status: number, code: string, lang: 'nl' | 'en', detail?: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  // RFC 6750: a 401 says how to authenticate.
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="fund-desk"');
  res.setHeader('Content-Type', 'application/problem+json');
  res.setHeader('Content-Language', lang);
  res.end(JSON.stringify({ type: 'about:blank', title: TITLES[code][lang], status, code, ...(detail ? { detail } : {}) }));
}

/**
 * The one public entry: turns a browser's session into its bearer token (checking the CSRF token of changes),
 * checks the bearer token (each service checks it again with its role rules), then passes the request, body
 * untouched and without the browser's cookies, to the service that owns the path.
 */
export function apiProxy(routes: Route[], tokens: TokenVerifier, sessions: BrowserSessions): RequestHandler {
  const upstreams = new Map(routes.map((route) => [route, new Upstreams(route.targets)]));
  const chosen = new WeakMap<IncomingMessage, { upstreams: Upstreams; target: string }>();
  const proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
    router: (req) => {
      const route = matchRoute(routes, ((req as Request).originalUrl ?? req.url ?? '').slice(API.length))!;
      const of = upstreams.get(route)!;
      const target = of.pick();
      chosen.set(req, { upstreams: of, target });
      return target;
    },
    changeOrigin: false,
    xfwd: true,
    proxyTimeout: 30_000,
    on: {
      // Answers of the API carry personal data: never kept in a cache on the way.
      proxyRes: (proxyRes) => {
        proxyRes.headers['cache-control'] = 'no-store';
      },
      error: (error, req, res) => {
        const choice = chosen.get(req as IncomingMessage);
        if (choice && (error as NodeJS.ErrnoException).code === 'ECONNREFUSED') choice.upstreams.markDown(choice.target);
        const lang = languageOf((req as IncomingMessage).headers['accept-language']);
        problem(res as ServerResponse, 503, 'UNAVAILABLE', lang);
      },
    },
  });
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith(`${API}/`)) return next();
    const route = matchRoute(routes, req.path.slice(API.length));
    if (!route) return next();
    const lang = languageOf(req.headers['accept-language']);
    const fromSession = await sessions.authorize(req).catch(() => null);
    if (!fromSession) return problem(res, 503, 'UNAVAILABLE', lang);
    if (fromSession.kind === 'refused') return problem(res, fromSession.status, fromSession.code, lang, fromSession.detail);
    if (fromSession.kind === 'session') req.headers.authorization = `Bearer ${fromSession.accessToken}`;
    delete req.headers.cookie;
    if (!route.public) {
      const token = bearerToken(req.headers.authorization);
      if (!token || !(await tokens.verify(token))) {
        return problem(res, 401, 'UNAUTHENTICATED', lang, 'A valid bearer token is required');
      }
    }
    return proxy(req, res, next);
  };
}

/** The gateway's own sign-in routes read the session cookie themselves. */
const OWN_SIGN_IN = /^\/api\/v1\/auth\/(login|callback|session|logout|options|dev-login)$/;

/**
 * For the gateway's own API (Nest routes such as the sign-in audit): the same session-to-bearer step as the proxy,
 * so a browser's session reaches the guard as a token.
 */
export function sessionBridge(sessions: BrowserSessions): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith(`${API}/`) || OWN_SIGN_IN.test(req.path)) return next();
    const lang = languageOf(req.headers['accept-language']);
    const fromSession = await sessions.authorize(req).catch(() => null);
    if (!fromSession) return problem(res, 503, 'UNAVAILABLE', lang);
    if (fromSession.kind === 'refused') return problem(res, fromSession.status, fromSession.code, lang, fromSession.detail);
    if (fromSession.kind === 'session') req.headers.authorization = `Bearer ${fromSession.accessToken}`;
    return next();
  };
}
