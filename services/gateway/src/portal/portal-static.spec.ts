import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { isPortalPage, portalStatic } from './portal-static';

describe('isPortalPage', () => {
  it.each(['/', '/sign-in', '/applications/2f1c0d9e-0000-4000-8000-000000000000', '/fund/queue', '/apply/x'])('serves the portal for %s', (path) => {
    expect(isPortalPage('GET', path)).toBe(true);
  });

  it.each(['/api', '/api/v1/applications', '/api/docs', '/api/docs-json', '/health', '/ready', '/assets/index-abc.js', '/favicon.ico'])('leaves %s to the API or to static files', (path) => {
    expect(isPortalPage('GET', path)).toBe(false);
  });

  it('answers only reads', () => {
    expect(isPortalPage('POST', '/applications')).toBe(false);
    expect(isPortalPage('HEAD', '/applications')).toBe(true);
  });
});

describe('portalStatic', () => {
  async function serve(sourceMaps: boolean) {
    const dir = mkdtempSync(join(tmpdir(), 'portal-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>portal</title>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'index-abc.js.map'), '{"version":3}');
    const app = express();
    app.use(portalStatic(dir, { sourceMaps }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it('serves source maps outside production only', async () => {
    const production = await serve(false);
    expect((await fetch(`${production.url}/assets/index-abc.js.map`)).status).toBe(404);
    expect((await fetch(`${production.url}/assets/index-abc.js`)).status).toBe(200);
    await production.close();
    const development = await serve(true);
    expect((await fetch(`${development.url}/assets/index-abc.js.map`)).status).toBe(200);
    await development.close();
  });
});
