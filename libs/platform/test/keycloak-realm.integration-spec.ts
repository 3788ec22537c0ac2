import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_OTP_SECRET, attemptKeycloakSignIn, clearSignInFailures, expectKeycloakToRefuse, signInThroughKeycloak } from '@fund-desk/testing';

/**
 * The realm deploy/keycloak/fund-desk-realm.json in the real Keycloak that deploy/local/stack runs: the authorization
 * code flow with PKCE (S256) through Keycloak's own login pages, the code exchanged at the token endpoint, and what
 * the access token then says.
 */
const issuer = process.env.OIDC_ISSUER ?? 'http://127.0.0.1:8180/realms/fund-desk';
const clientId = process.env.OIDC_CLIENT_ID ?? 'fund-desk-portal';
const secretFile = join(__dirname, '../../../.local/stack/keycloak/client-secret');
const clientSecret = process.env.OIDC_CLIENT_SECRET ?? (existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : '');
const redirectUri = 'http://127.0.0.1:3000/auth/callback';

const base64url = (bytes: Buffer) => bytes.toString('base64url');

interface Authorization {
  url: string;
  verifier: string;
  state: string;
}

/** An authorization request as the gateway makes it: PKCE S256, state and nonce. */
function authorization(): Authorization {
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const url = new URL(`${issuer}/protocol/openid-connect/auth`);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: redirectUri,
    state,
    nonce: base64url(randomBytes(16)),
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();
  return { url: url.toString(), verifier, state };
}

/** The code from the redirect back to the client, after checking that it carries our state. */
function codeFrom(redirectedTo: string, auth: Authorization): string {
  const url = new URL(redirectedTo);
  expect(`${url.origin}${url.pathname}`).toBe(redirectUri);
  expect(url.searchParams.get('state')).toBe(auth.state);
  const code = url.searchParams.get('code');
  expect(code).toBeTruthy();
  return code!;
}

async function tokenRequest(params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, redirect_uri: redirectUri, ...params }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function payload(jwt: unknown): Record<string, unknown> {
  expect(typeof jwt).toBe('string');
  return JSON.parse(Buffer.from((jwt as string).split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Signs in through the login pages and exchanges the code: the access token's payload. */
async function accessTokenFor(username: string, password: string, totpSecret?: string): Promise<Record<string, unknown>> {
  const auth = authorization();
  const { redirectedTo } = await signInThroughKeycloak({ authorizationUrl: auth.url, username, password, totpSecret });
  const token = await tokenRequest({ grant_type: 'authorization_code', code: codeFrom(redirectedTo, auth), code_verifier: auth.verifier });
  expect(token.status).toBe(200);
  expect(token.body.token_type).toBe('Bearer');
  return payload(token.body.access_token);
}

describe('Keycloak realm fund-desk', () => {
  beforeAll(async () => {
    await clearSignInFailures(join(__dirname, '../../..'));
    expect(clientSecret).not.toBe('');
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(issuer);
    expect(discovery.code_challenge_methods_supported).toContain('S256');
  });

  it('signs a parent in with her password: the token names her demo subject, the API audience and her role', async () => {
    const token = await accessTokenFor('sanne', 'sanne-demo');
    expect(token.iss).toBe(issuer);
    expect(token.sub).toBe('demo-parent-sanne');
    expect(token.azp).toBe(clientId);
    expect([token.aud].flat()).toContain('fund-desk-api');
    expect((token.realm_access as { roles: string[] }).roles).toContain('parent');
    // The password alone: no second factor for a parent (the AMR mapper's list itself varies under concurrent sign-ins).
    expect(token.amr ?? []).not.toContain('otp');
    expect(token.exp as number - (token.iat as number)).toBe(300);
    expect(token).not.toHaveProperty('fundId');
  });

  it('accepts the e-mail address as the username', async () => {
    const token = await accessTokenFor('sanne.ouder@example.nl', 'sanne-demo');
    expect(token.sub).toBe('demo-parent-sanne');
  });

  it('refuses a wrong password with its error page (no redirect back to the client)', async () => {
    // The intermediary: no other test file signs her in, so a wrong password here cannot lock anyone else's sign-in
    // (Keycloak locks a user whose failures come in quick succession); clearSignInFailures above forgets old runs'.
    const refusal = await expectKeycloakToRefuse({ authorizationUrl: authorization().url, username: 'anna-schoolmaatschappelijk-werk', password: 'not-her-password' });
    expect(refusal.page).toBe('login');
    expect(refusal.error).toMatch(/invalid username or password/i);
    await accessTokenFor('anna-schoolmaatschappelijk-werk', 'intermediary-demo');
  });

  it('asks fund staff for a one-time code: no redirect without it, a token with the fund id with it', async () => {
    const withoutCode = await attemptKeycloakSignIn({ authorizationUrl: authorization().url, username: 'staff-leergeld-leeuwarden', password: 'staff-demo' });
    expect(withoutCode.kind).toBe('page');
    expect(withoutCode.kind === 'page' && withoutCode.page).toBe('otp');


    const token = await accessTokenFor('staff-leergeld-leeuwarden', 'staff-demo', DEMO_OTP_SECRET);
    expect(token.sub).toBe('demo-staff-leergeld-leeuwarden');
    expect(token.fundId).toBe('leergeld-leeuwarden');
    expect((token.realm_access as { roles: string[] }).roles).toContain('fund-staff');
  }, 90_000);

  it('puts the organisation and municipality of an intermediary in the token (password only)', async () => {
    const token = await accessTokenFor('anna-schoolmaatschappelijk-werk', 'intermediary-demo');
    expect(token.sub).toBe('demo-intermediary-anna');
    expect(token.organisation).toBe('Basisschool De Fluessen');
    expect(token.municipalityCode).toBe('GM0080');
    expect((token.realm_access as { roles: string[] }).roles).toContain('intermediary');
  });

  it('refuses to exchange a code without the PKCE code verifier, and with a wrong client secret', async () => {
    const auth = authorization();
    const { redirectedTo } = await signInThroughKeycloak({ authorizationUrl: auth.url, username: 'sanne', password: 'sanne-demo' });
    const code = codeFrom(redirectedTo, auth);

    const withoutVerifier = await tokenRequest({ grant_type: 'authorization_code', code });
    expect(withoutVerifier.status).toBe(400);
    expect(withoutVerifier.body.error).toBe('invalid_grant');

    const auth2 = authorization();
    const second = await signInThroughKeycloak({ authorizationUrl: auth2.url, username: 'sanne', password: 'sanne-demo' });
    const wrongSecret = await tokenRequest({
      grant_type: 'authorization_code',
      code: codeFrom(second.redirectedTo, auth2),
      code_verifier: auth2.verifier,
      client_secret: 'not-the-client-secret',
    });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toBe('unauthorized_client');
  });

  it('refuses an authorization request without a PKCE code challenge', async () => {
    const url = new URL(authorization().url);
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const response = await fetch(url, { redirect: 'manual' });
    // Keycloak redirects back with error=invalid_request instead of showing the login form.
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });
});
