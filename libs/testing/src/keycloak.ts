import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/**
 * Signing in through Keycloak's real login pages, for tests and demos (deploy/local/stack runs Keycloak with the
 * realm deploy/keycloak/fund-desk-realm.json). Node built-ins only: fetch and node:crypto.
 */

/** The OTP secret seeded for every demo staff user (documented in deploy/local/README.md; demo data, not a secret). */
export const DEMO_OTP_SECRET = 'fund-desk-demo-otp-secret';

/**
 * The current TOTP code (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) for an OTP credential whose secretData is
 * `{"value": secretValue}`. Keycloak keys the HMAC with the UTF-8 bytes of that value as it is (the Base32 form is
 * only what authenticator apps are shown), so the same string goes in here.
 */
export function totpCode(secretValue: string, at = Date.now(), period = 30, digits = 6): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / period)));
  const mac = createHmac('sha1', Buffer.from(secretValue, 'utf8')).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return (binary % 10 ** digits).toString().padStart(digits, '0');
}

export interface KeycloakSignIn {
  /** The client's authorization URL on Keycloak (…/protocol/openid-connect/auth?client_id=…&redirect_uri=…). */
  authorizationUrl: string;
  username: string;
  password: string;
  /** The OTP credential's secret value; the OTP form is answered with totpCode(totpSecret) when Keycloak shows it. */
  totpSecret?: string;
  /** Keycloak's cookies from an earlier sign-in in the same "browser" (to see whether its session still lives). */
  cookies?: KeycloakCookies;
}

/** Keycloak's cookies for one browser, by name (one host: Keycloak's). */
export type KeycloakCookies = Record<string, string>;

/** Where a sign-in ended: the redirect back to the client, or a Keycloak page that asks for something or refuses. */
export type KeycloakSignInOutcome =
  | { kind: 'redirect'; redirectedTo: string; cookies: KeycloakCookies }
  | {
      kind: 'page';
      /** login: the username/password form; otp: the OTP form; other: anything else (e.g. a required action). */
      page: 'login' | 'otp' | 'other';
      /** The error Keycloak shows on the page (e.g. "Invalid username or password."), if any. */
      error?: string;
      status: number;
      html: string;
      cookies: KeycloakCookies;
    };

const MAX_STEPS = 10;

/**
 * Drives the login pages like a browser without JavaScript: GET the authorization URL, POST the username and password
 * to the login form's action, POST the OTP form if Keycloak shows it (and totpSecret is given), following Keycloak's
 * own redirects and keeping its cookies, until Keycloak redirects to another origin (the client's redirect URI) or
 * answers with a page that cannot be answered.
 */
export async function attemptKeycloakSignIn(options: KeycloakSignIn): Promise<KeycloakSignInOutcome> {
  const keycloak = new URL(options.authorizationUrl).origin;
  const cookies: KeycloakCookies = { ...(options.cookies ?? {}) };
  let loginAnswered = false;
  let otpAnswers = 0;
  let response = await request(options.authorizationUrl, cookies);
  for (let step = 0; step < MAX_STEPS; step++) {
    if (response.status >= 300 && response.status < 400) {
      const location = new URL(response.headers.get('location') ?? '', response.url || keycloak).toString();
      if (new URL(location).origin !== keycloak) {
        return { kind: 'redirect', redirectedTo: location, cookies: { ...cookies } };
      }
      response = await request(location, cookies);
      continue;
    }
    const html = await response.text();
    const form = loginForm(html);
    const error = pageError(html);
    const page: 'login' | 'otp' | 'other' = form?.id === 'kc-form-login' ? 'login' : form?.id === 'kc-otp-login-form' ? 'otp' : 'other';
    const stop = (): KeycloakSignInOutcome => ({ kind: 'page', page, ...(error ? { error } : {}), status: response.status, html, cookies: { ...cookies } });
    if (!form || page === 'other') return stop();
    if (page === 'login') {
      // A second login form means the first answer was refused (wrong password, locked account).
      if (loginAnswered) return stop();
      loginAnswered = true;
      response = await request(form.action, cookies, { username: options.username, password: options.password, credentialId: '' });
      continue;
    }
    if (options.totpSecret === undefined || otpAnswers >= 2) return stop();
    if (otpAnswers === 1) {
      // The realm refuses a code that was already used (otpPolicyCodeReusable false), e.g. by a test run a few
      // seconds ago: answer once more with the next time step's code. A wrong secret fails again and stops.
      if (!error) return stop();
      await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 200));
    }
    otpAnswers++;
    response = await request(form.action, cookies, { otp: totpCode(options.totpSecret), login: 'Sign In' });
  }
  throw new Error(`Keycloak sign-in of ${options.username}: no outcome after ${MAX_STEPS} steps`);
}

/** Signs in and returns the redirect back to the client (it carries `code` and `state`); throws if Keycloak refuses. */
export async function signInThroughKeycloak(options: KeycloakSignIn): Promise<{ redirectedTo: string; cookies: KeycloakCookies }> {
  const outcome = await attemptKeycloakSignIn(options);
  if (outcome.kind === 'redirect') return { redirectedTo: outcome.redirectedTo, cookies: outcome.cookies };
  throw new Error(
    `Keycloak did not sign ${options.username} in: it stopped at the ${outcome.page} page (HTTP ${outcome.status})` +
      (outcome.error ? `: ${outcome.error}` : ''),
  );
}

/**
 * Expects Keycloak to refuse the sign-in (e.g. a wrong password): resolves with the page it stopped at and its error
 * message; rejects if Keycloak redirected back to the client.
 */
export async function expectKeycloakToRefuse(options: KeycloakSignIn): Promise<{ page: 'login' | 'otp' | 'other'; error?: string }> {
  const outcome = await attemptKeycloakSignIn(options);
  if (outcome.kind === 'redirect') {
    throw new Error(`Keycloak signed ${options.username} in (redirected to ${outcome.redirectedTo}); expected a refusal`);
  }
  return { page: outcome.page, ...(outcome.error ? { error: outcome.error } : {}) };
}

async function request(url: string, cookies: KeycloakCookies, form?: Record<string, string>): Promise<Response> {
  const headers: Record<string, string> = { accept: 'text/html' };
  const cookie = Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ');
  if (cookie) headers.cookie = cookie;
  if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(url, {
    method: form ? 'POST' : 'GET',
    headers,
    body: form ? new URLSearchParams(form).toString() : undefined,
    redirect: 'manual',
  });
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a)) ||
      attributes.some((a) => /^\s*expires\s*=/i.test(a) && Date.parse(a.split('=').slice(1).join('=')) < Date.now());
    if (expired || value === '') delete cookies[name];
    else cookies[name] = value;
  }
  return response;
}

function loginForm(html: string): { id: string; action: string } | undefined {
  for (const match of html.matchAll(/<form\b[^>]*>/gi)) {
    const id = attribute(match[0], 'id');
    const action = attribute(match[0], 'action');
    if (id && action && (id === 'kc-form-login' || id === 'kc-otp-login-form')) return { id, action };
  }
  return undefined;
}

function pageError(html: string): string | undefined {
  const patterns = [
    /<span[^>]*\bid="input-error[^"]*"[^>]*>([\s\S]*?)<\/span>/i,
    /<span[^>]*\bclass="[^"]*kc-feedback-text[^"]*"[^>]*>([\s\S]*?)<\/span>/i,
    /<div[^>]*\bclass="[^"]*alert-error[^"]*"[^>]*>([\s\S]*?)<\/div>/i,
  ];
  for (const pattern of patterns) {
    const text = pattern.exec(html)?.[1];
    if (text) {
      const clean = decodeEntities(text.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
      if (clean) return clean;
    }
  }
  return undefined;
}

function attribute(tag: string, name: string): string | undefined {
  const value = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1];
  return value === undefined ? undefined : decodeEntities(value);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The realm the local stack runs, and the gateway's client at it (the secret deploy/local/stack made). */
export function localRealm(root = process.cwd()): { issuer: string; clientId: string; clientSecret: string } {
  const file = `${root}/.local/stack/keycloak/client-secret`;
  return {
    issuer: process.env.OIDC_ISSUER ?? 'http://127.0.0.1:8180/realms/fund-desk',
    clientId: process.env.OIDC_CLIENT_ID ?? 'fund-desk-portal',
    clientSecret: process.env.OIDC_CLIENT_SECRET ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : ''),
  };
}

/**
 * A real access token of the realm for a demo user: the code flow with PKCE through Keycloak's login pages, the code
 * exchanged with the client's secret (as the gateway does), for tests that call a service with the realm's token.
 */
export async function realmAccessToken(user: { username: string; password: string; totpSecret?: string }, root?: string): Promise<string> {
  const realm = localRealm(root);
  const redirectUri = 'http://127.0.0.1:3000/auth/callback';
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const url = new URL(`${realm.issuer}/protocol/openid-connect/auth`);
  url.search = new URLSearchParams({
    client_id: realm.clientId,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: redirectUri,
    state,
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const { redirectedTo } = await signInThroughKeycloak({ authorizationUrl: url.toString(), ...user });
  const back = new URL(redirectedTo);
  if (back.searchParams.get('state') !== state) throw new Error('Keycloak sent back another state');
  const response = await fetch(`${realm.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: realm.clientId,
      client_secret: realm.clientSecret,
      redirect_uri: redirectUri,
      code: back.searchParams.get('code') ?? '',
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!response.ok || !body.access_token) throw new Error(`Keycloak's token endpoint answered ${response.status}: ${body.error ?? ''}`);
  return body.access_token;
}

/**
 * Forgets every failed sign-in the realm counts for brute-force protection (Keycloak keeps them for 12 hours, so
 * wrong passwords from earlier test runs on the same stack would lock demo users after ten). Through the master
 * realm's admin (the password deploy/local/stack made); a test file that signs in through Keycloak calls it first.
 */
export async function clearSignInFailures(root = process.cwd()): Promise<void> {
  const realm = localRealm(root);
  const base = realm.issuer.replace(/\/realms\/[^/]+$/, '');
  const file = `${root}/.local/stack/keycloak/admin-password`;
  if (!existsSync(file)) return;
  const token = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: 'admin', password: readFileSync(file, 'utf8').trim() }).toString(),
  });
  const { access_token: accessToken } = (await token.json()) as { access_token?: string };
  if (!accessToken) throw new Error(`Keycloak's master realm refused the stack's admin (${token.status})`);
  const cleared = await fetch(`${base}/admin/realms/fund-desk/attack-detection/brute-force/users`, { method: 'DELETE', headers: { authorization: `Bearer ${accessToken}` } });
  if (!cleared.ok) throw new Error(`Clearing the realm's failed sign-ins answered ${cleared.status}`);
}
