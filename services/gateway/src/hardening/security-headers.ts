import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every answer of the gateway (helmet): no framing, no sniffing, no referrer beyond the origin,
 * HSTS when the gateway is reached over https, and for the portal a Content-Security-Policy without 'unsafe-inline'
 * (the built portal has no inline script or style). Swagger UI (/api/docs) ships inline scripts, so it gets the same
 * headers without that policy; it is documentation, not a page with anyone's data.
 */
export function securityHeaders(options: { https: boolean }): RequestHandler {
  const common = {
    hsts: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' as const },
    frameguard: { action: 'deny' as const },
    crossOriginEmbedderPolicy: false,
  };
  const portal = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(options.https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
  });
  const docs = helmet({ ...common, contentSecurityPolicy: false });
  return (req, res, next) => (req.path === '/api/docs' || req.path.startsWith('/api/docs/') ? docs(req, res, next) : portal(req, res, next));
}
