import { createHash, generateKeyPairSync } from 'node:crypto';
import { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import { DevTokenSigner } from '@fund-desk/platform';
import { attemptKeycloakSignIn, clearSignInFailures, DEMO_OTP_SECRET, expectKeycloakToRefuse, localRealm, realmAccessToken, signInThroughKeycloak, stack, waitUntil } from '@fund-desk/testing';

/**
 * Signing in through Keycloak's real pages (deploy/local/stack runs it with deploy/keycloak/fund-desk-realm.json) and
 * the gateway's session: cookie, CSRF token, sign-out at Keycloak; and every service verifying tokens by key.
 */
const gateway = process.env.E2E_GATEWAY_URL!;
const services = JSON.parse(process.env.E2E_URLS!) as Record<string, string>;
const realm = localRealm();

/** The page Keycloak shows this browser for an authorization URL (following Keycloak's own redirects), unanswered. */
async function keycloakPageOf(url: string, cookies: Record<string, string>): Promise<string> {
  let next = url;
  for (let step = 0; step < 5; step++) {
    const response = await fetch(next, { redirect: 'manual', headers: { cookie: Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ') } });
    const location = response.headers.get('location');
    if (!location) return response.text();
    next = new URL(location, next).toString();
    if (new URL(next).origin !== new URL(url).origin) return `redirected to ${next}`;
  }
  throw new Error('Keycloak kept redirecting');
}

/** A browser without JavaScript: the gateway's cookie jar and Keycloak's, kept apart as a browser keeps them per host. */
class Browser {
  gatewayCookies: Record<string, string> = {};
  keycloakCookies: Record<string, string> = {};

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send('GET', path, undefined, headers);
  }

  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const cookie = Object.entries(this.gatewayCookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(path.startsWith('http') ? path : `${gateway}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (!value || /max-age=0/i.test(line)) delete this.gatewayCookies[name];
      else this.gatewayCookies[name] = value;
    }
    return response;
  }

  /** Sign in at the gateway, through Keycloak's pages, and back: the page the gateway sends the browser to. */
  async signIn(username: string, password: string, returnTo = '/applications', totpSecret?: string): Promise<string> {
    const start = await this.get(`/api/v1/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    expect(start.status).toBe(302);
    const { redirectedTo, cookies } = await signInThroughKeycloak({ authorizationUrl: start.headers.get('location')!, username, password, totpSecret, cookies: this.keycloakCookies });
    this.keycloakCookies = cookies;
    expect(redirectedTo.startsWith(`${gateway}/api/v1/auth/callback?`)).toBe(true);
    const back = await this.get(redirectedTo);
    expect(back.status).toBe(302);
    return back.headers.get('location')!;
  }
}

// Wrong passwords of earlier runs on this stack count for 12 hours; this run starts from none.
beforeAll(() => clearSignInFailures());

describe('signing in through Keycloak', () => {
  beforeAll(async () => {
    expect(realm.clientSecret).not.toBe(''); // deploy/local/stack started Keycloak
    expect((await (await fetch(`${gateway}/api/v1/auth/options`)).json())).toEqual({ identityProvider: true, devLogin: true });
  });

  it('a parent signs in, is sent back where she was, works with the session cookie and signs out, at Keycloak too', async () => {
    const browser = new Browser();
    expect(await browser.signIn('sanne', 'sanne-demo', '/applications/drafts?x=1')).toBe('/applications/drafts?x=1');
    const [cookie] = Object.keys(browser.gatewayCookies);
    expect(cookie).toBe('fd_session');

    const session = await browser.get('/api/v1/auth/session');
    expect(session.status).toBe(200);
    expect(session.headers.get('cache-control')).toBe('no-store');
    const me = (await session.json()) as { subject: string; role: string; csrfToken: string; endsAt: string };
    expect(me).toMatchObject({ subject: 'demo-parent-sanne', role: 'parent' });
    // A parent's session ends after 30 idle minutes.
    expect(Date.parse(me.endsAt) - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(Date.parse(me.endsAt) - Date.now()).toBeLessThanOrEqual(30 * 60_000);

    expect((await browser.get('/api/v1/applications')).status).toBe(200);
    const withoutCsrf = await browser.send('POST', '/api/v1/applications/drafts', {});
    expect(withoutCsrf.status).toBe(403);
    expect(withoutCsrf.headers.get('content-type')).toContain('application/problem+json');
    const wrongCsrf = await browser.send('POST', '/api/v1/applications/drafts', {}, { 'x-csrf-token': 'not-the-token' });
    expect(wrongCsrf.status).toBe(403);
    const draft = await browser.send('POST', '/api/v1/applications/drafts', {}, { 'x-csrf-token': me.csrfToken });
    expect(draft.status).toBe(201);

    expect((await browser.send('POST', '/api/v1/auth/logout', undefined, { 'x-csrf-token': me.csrfToken })).status).toBe(204);
    expect(browser.gatewayCookies).toEqual({});
    // Keycloak's own session ended too: signing in again asks for the password.
    // (Only looked at, not answered: an empty form would count as a failed sign-in.)
    const start = await browser.get('/api/v1/auth/login');
    expect(await keycloakPageOf(start.headers.get('location')!, browser.keycloakCookies)).toContain('id="kc-form-login"');
  });

  it('keeps the old session cookie useless after sign-out', async () => {
    const browser = new Browser();
    await browser.signIn('sanne', 'sanne-demo');
    const kept = { ...browser.gatewayCookies };
    const { csrfToken } = (await (await browser.get('/api/v1/auth/session')).json()) as { csrfToken: string };
    await browser.send('POST', '/api/v1/auth/logout', undefined, { 'x-csrf-token': csrfToken });
    browser.gatewayCookies = kept;
    expect((await browser.get('/api/v1/applications')).status).toBe(401);
    expect((await browser.get('/api/v1/auth/session')).status).toBe(401);
  });

  it('asks a fund worker for a TOTP code before any request is shown, and records the sign-in for the fund administrator', async () => {
    const start = await new Browser().get('/api/v1/auth/login?returnTo=/fund/queue');
    const withoutCode = await attemptKeycloakSignIn({ authorizationUrl: start.headers.get('location')!, username: 'staff-jarige-job', password: 'staff-demo' });
    expect(withoutCode).toMatchObject({ kind: 'page', page: 'otp' });

    const staff = new Browser();
    expect(await staff.signIn('staff-jarige-job', 'staff-demo', '/fund/queue', DEMO_OTP_SECRET)).toBe('/fund/queue');
    const me = (await (await staff.get('/api/v1/auth/session')).json()) as { role: string; fundId: string; endsAt: string };
    expect(me).toMatchObject({ role: 'fund-staff', fundId: 'jarige-job' });
    expect(Date.parse(me.endsAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000); // staff: 15 idle minutes
    expect((await staff.get('/api/v1/funds/jarige-job/requests')).status).toBe(200);
    expect((await staff.get('/api/v1/funds/kinderhulp/requests')).status).toBe(403);

    const admin = new Browser();
    await admin.signIn('fundadmin-leergeld-leeuwarden', 'admin-demo', '/fund/queue', DEMO_OTP_SECRET);
    expect((await admin.get('/api/v1/auth/audit?fundId=jarige-job')).status).toBe(403); // not their fund
    const trail = (await (await admin.get('/api/v1/auth/audit?fundId=leergeld-leeuwarden')).json()) as { items: { action: string; actor: { subject: string }; from?: string }[] };
    expect(trail.items).toContainEqual(expect.objectContaining({ action: 'session.sign-in', actor: { subject: 'demo-fundadmin-leergeld-leeuwarden', role: 'fund-staff' }, from: expect.any(String) }));
    // A wrong password is refused by Keycloak itself; its event log shows it to the fund's administrator too.
    const wrong = await new Browser().get('/api/v1/auth/login');
    // (The administrator's own account: no other test file signs it in, so this failure locks nobody else's test.)
    await expectKeycloakToRefuse({ authorizationUrl: wrong.headers.get('location')!, username: 'fundadmin-leergeld-leeuwarden', password: 'a-guess' });
    const withRefusal = await waitUntil(
      async () => {
        const answer = (await (await admin.get('/api/v1/auth/audit?fundId=leergeld-leeuwarden')).json()) as { items: { action: string; actor: { subject: string }; purpose?: string; from?: string }[]; identityProvider: string };
        return answer.items.find((e) => e.action === 'session.sign-in-failed' && e.actor.subject === 'demo-fundadmin-leergeld-leeuwarden') ? answer : null;
      },
      { what: "the refused password in the fund's audit trail" },
    );
    expect(withRefusal.identityProvider).toBe('included');
    expect(withRefusal.items.find((e) => e.action === 'session.sign-in-failed' && e.actor.subject === 'demo-fundadmin-leergeld-leeuwarden')).toMatchObject({ purpose: 'invalid_user_credentials', from: '127.0.0.1' });
    // A worker of another fund does not see Leergeld's trail.
    expect((await staff.get('/api/v1/auth/audit?fundId=leergeld-leeuwarden')).status).toBe(403);
  });

  it('signs the administrator in with two factors', async () => {
    const administrator = new Browser();
    expect(await administrator.signIn('beheerder', 'admin-demo', '/admin/funds', DEMO_OTP_SECRET)).toBe('/admin/funds');
    expect((await (await administrator.get('/api/v1/auth/session')).json()) as { role: string }).toMatchObject({ role: 'admin' });
    expect((await administrator.get('/api/v1/municipalities/GM0772/uptake')).status).toBe(200);
  });

  it('refuses a wrong password at Keycloak, and a callback that was not started here', async () => {
    const start = await new Browser().get('/api/v1/auth/login');
    // Someone no other test signs in: two wrong passwords within a second would lock the account for a minute.
    const refused = await expectKeycloakToRefuse({ authorizationUrl: start.headers.get('location')!, username: 'beheerder', password: 'not-the-password' });
    expect(refused.page).toBe('login');
    const forged = await new Browser().get('/api/v1/auth/callback?code=abc&state=never-issued');
    expect(forged.status).toBe(302);
    expect(forged.headers.get('location')).toBe('/sign-in?error=unknown-state');
  });

  describe('a session in Redis', () => {
    let redis: Redis;
    beforeAll(() => {
      redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 2 });
    });
    afterAll(() => redis.quit());

    /** The stored session of a browser (the key is a hash of the cookie's id), and a way to change it in place. */
    const sessionOf = async (browser: Browser) => {
      const key = `${process.env.E2E_NAMESPACE}:gateway:session:${createHash('sha256').update(browser.gatewayCookies.fd_session).digest('base64url')}`;
      const stored = JSON.parse((await redis.get(key))!) as { accessToken: string; accessExpiresAt: number; lastSeenAt: number };
      const change = async (patch: Partial<typeof stored>) => redis.set(key, JSON.stringify({ ...stored, ...patch }), 'PX', await redis.pttl(key));
      return { stored, change, key };
    };

    it('renews the access token at Keycloak shortly before it expires, without the user noticing', async () => {
      const browser = new Browser();
      await browser.signIn('sanne', 'sanne-demo');
      const { stored, change, key } = await sessionOf(browser);
      await change({ accessExpiresAt: Date.now() + 30_000 }); // as if the five minutes were nearly over
      expect((await browser.get('/api/v1/applications')).status).toBe(200);
      const renewed = JSON.parse((await redis.get(key))!) as { accessToken: string; accessExpiresAt: number };
      expect(renewed.accessToken).not.toBe(stored.accessToken);
      expect(renewed.accessExpiresAt - Date.now()).toBeGreaterThan(200_000);
    });

    it('ends a parent session after 30 minutes without activity', async () => {
      const browser = new Browser();
      await browser.signIn('sanne', 'sanne-demo');
      const { change } = await sessionOf(browser);
      await change({ lastSeenAt: Date.now() - 31 * 60_000 });
      const answer = await browser.get('/api/v1/applications');
      expect(answer.status).toBe(401);
      expect(((await answer.json()) as { detail: string }).detail).toMatch(/without activity/);
    });
  });

  it('sends the browser back only to a path on this site', async () => {
    const browser = new Browser();
    expect(await browser.signIn('sanne', 'sanne-demo', 'https://evil.example/')).toBe('/');
  });
});

describe('every service verifies the token by key', () => {
  const targets: [service: string, path: string][] = [
    ['applications', '/api/v1/applications'],
    ['income-checks', '/api/v1/income-checks/00000000-0000-4000-8000-000000000000'],
    ['notifications', '/api/v1/me/notifications'],
    ['fund-routing', '/api/v1/funds/jeugdfonds-sport-cultuur/requests'],
    ['uptake', '/api/v1/municipalities/GM0080/uptake'],
    ['gateway', '/api/v1/applications'],
  ];
  const urlOf = (service: string, path: string) => `${service === 'gateway' ? gateway : services[service]}${path}`;
  const status = async (service: string, path: string, token: string) => (await fetch(urlOf(service, path), { headers: { authorization: `Bearer ${token}` } })).status;

  let parentToken: string;
  let forged: Record<string, string>;

  beforeAll(async () => {
    parentToken = await realmAccessToken({ username: 'sanne', password: 'sanne-demo' });
    const claims = JSON.parse(Buffer.from(parentToken.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    const [header, , signature] = parentToken.split('.');
    const changed = { ...claims, realm_access: { roles: ['administrator', 'fund-staff', 'municipality'] }, fundId: 'leergeld-leeuwarden', municipalityCode: 'GM0080' };
    const otherRealm = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const signWith = (issuer: string) =>
      jwt.sign({ realm_access: { roles: ['administrator'] } }, otherRealm.export({ type: 'pkcs8', format: 'pem' }), { algorithm: 'RS256', subject: 'intruder', issuer, audience: 'fund-desk-api', expiresIn: 600, keyid: (JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string }).kid });
    const expired = new DevTokenSigner(JSON.parse(process.env.E2E_DEV_LOGIN_KEY!)).issue({ subject: 'late', role: 'admin' }, -120);
    forged = {
      'a token from another realm': signWith(realm.issuer.replace(/fund-desk$/, 'another-realm')),
      "a token naming our realm, signed with another realm's key": signWith(realm.issuer),
      'an expired token': expired,
      'a token with a changed role claim': `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`,
      'an HS256 token signed with the old development secret': jwt.sign({ role: 'admin', realm_access: { roles: ['administrator'] } }, 'an-old-shared-development-secret-of-enough-length', {
        algorithm: 'HS256',
        subject: 'intruder',
        issuer: 'fund-desk',
        audience: 'fund-desk-api',
        expiresIn: 600,
      }),
    };
  });

  it("accepts the realm's own token in every service", async () => {
    const officer = await realmAccessToken({ username: 'gemeente-leeuwarden', password: 'gemeente-demo', totpSecret: DEMO_OTP_SECRET });
    // Staff no other test file signs in at the same time (Keycloak refuses a TOTP code used twice).
    const staff = await realmAccessToken({ username: 'staff-jeugdfonds-sport-cultuur', password: 'staff-demo', totpSecret: DEMO_OTP_SECRET });
    const tokenFor: Record<string, string> = { 'fund-routing': staff, uptake: officer };
    for (const [service, path] of targets) {
      expect([service, await status(service, path, tokenFor[service] ?? parentToken)]).toEqual([service, service === 'income-checks' ? 404 : 200]);
    }
    // The realm's claims decide what the token reaches: the officer of Leeuwarden, not another municipality's figures.
    expect(await status('uptake', '/api/v1/municipalities/GM0772/uptake', officer)).toBe(403);
  });

  it.each([
    'a token from another realm',
    "a token naming our realm, signed with another realm's key",
    'an expired token',
    'a token with a changed role claim',
    'an HS256 token signed with the old development secret',
  ])('refuses %s with 401 in every service', async (kind) => {
    for (const [service, path] of targets) {
      expect([service, await status(service, path, forged[kind])]).toEqual([service, 401]);
    }
  });
});
