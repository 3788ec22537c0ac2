import { join } from 'node:path';
import { findRepoRoot, launchSystem, RunningSystem, uniqueId } from '@fund-desk/testing';

/** Two gateways, as production runs them, with the rate limits on and low: what an attacker or a careless client meets. */
describe('the gateway under abuse', () => {
  let system: RunningSystem;
  let gateways: string[];

  beforeAll(async () => {
    const root = findRepoRoot(__dirname);
    const namespace = uniqueId('harden');
    system = await launchSystem({
      namespace,
      basePort: 19_600,
      gatewayPort: 19_680,
      logDir: join(root, '.local', 'test-logs', namespace),
      consumeFromBeginning: false,
      nodeEnv: 'test',
      repoRoot: root,
      only: ['gateway'],
      instances: { gateway: 2 },
      extraEnv: { gateway: { RATE_LIMIT: 'on', RATE_SIGN_IN_PER_MINUTE: '5', RATE_API_PER_MINUTE: '1000' } },
    });
    gateways = system.instanceUrls.gateway;
  });

  afterAll(() => system?.stop());

  it('sends security headers with the portal, a policy without unsafe-inline, and no-store with the API', async () => {
    const page = await fetch(`${gateways[0]}/applications`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(page.headers.get('strict-transport-security')).toBeNull(); // plain http here: HSTS only behind TLS
    const api = await fetch(`${gateways[0]}/api/v1/auth/options`);
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('says how to authenticate with a 401', async () => {
    const answer = await fetch(`${gateways[0]}/api/v1/applications`);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="fund-desk"');
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a body over the limit with 413 before it reaches a service, and one without a length with 411', async () => {
    const big = await fetch(`${gateways[0]}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ note: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { title: string }).title).toBe('This is too large to send');
    const chunked = await fetch(`${gateways[0]}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{}'));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(411);
  });

  it('limits sign-in attempts per address across both gateways, with Retry-After', async () => {
    // A fixed window of a minute: start well inside one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 200));
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await fetch(`${gateways[i % 2]}/api/v1/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'parent', subject: uniqueId('p') }),
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(last!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });
});
