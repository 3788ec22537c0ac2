import { join } from 'node:path';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';

/**
 * Whether a request is for a page of the portal (a single-page app with its own routes, such as /applications/123):
 * a GET or HEAD outside /api, /health and /ready, for a path that does not name a file. Those get index.html.
 */
export function isPortalPage(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (path === '/api' || path.startsWith('/api/') || path === '/health' || path === '/ready') return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/**
 * The built portal: hashed assets cached for a year, index.html for every portal page and never cached. Source maps
 * are served only outside production (they show the source to anyone who asks).
 */
export function portalStatic(dir: string, options: { sourceMaps?: boolean } = {}): express.Router {
  const router = express.Router();
  if (options.sourceMaps === false) {
    router.use((req: Request, res: Response, next: NextFunction) => (req.path.endsWith('.map') ? res.status(404).end() : next()));
  }
  router.use('/assets', express.static(join(dir, 'assets'), { maxAge: '365d', immutable: true, index: false }));
  router.use(express.static(dir, { index: false, maxAge: '5m' }));
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (!isPortalPage(req.method, req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'index.html'), (error) => error && next());
  });
  return router;
}
