import { createLocalJWKSet, generateKeyPair, SignJWT } from 'jose';
import jwt from 'jsonwebtoken';
import { bearerToken, DEV_LOGIN_ISSUER, DevTokenSigner, principalOf, TOKEN_AUDIENCE, TokenVerifier } from './tokens';

const REALM = 'http://127.0.0.1:8180/realms/fund-desk';
const OTHER_REALM = 'http://127.0.0.1:8180/realms/someone-else';

/** A stand-in for Keycloak's realm key: signs tokens shaped as Keycloak's. */
async function realmKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const { exportJWK } = await import('jose');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const sign = (claims: Record<string, unknown>, { issuer = REALM, audience = [TOKEN_AUDIENCE, 'account'], expiresIn = 300, subject = 'kc-user-1' } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
      .sign(privateKey);
  return { jwks: createLocalJWKSet({ keys: [jwk] }), sign };
}

describe('TokenVerifier', () => {
  let realm: Awaited<ReturnType<typeof realmKey>>;
  let other: Awaited<ReturnType<typeof realmKey>>;
  const dev = DevTokenSigner.generate();
  let verifier: TokenVerifier;

  beforeAll(async () => {
    realm = await realmKey('realm-1');
    other = await realmKey('other-1');
    verifier = new TokenVerifier([
      { issuer: REALM, keys: realm.jwks },
      { issuer: DEV_LOGIN_ISSUER, keys: createLocalJWKSet(dev.jwks) },
    ]);
  });

  it("accepts the realm's token and maps its realm roles and attributes to one actor", async () => {
    const token = await realm.sign({ realm_access: { roles: ['offline_access', 'fund-staff'] }, fundId: 'jarige-job', amr: ['pwd', 'otp'] });
    expect(await verifier.verify(token)).toEqual({ subject: 'kc-user-1', role: 'fund-staff', fundId: 'jarige-job' });
  });

  it("a fund administrator is staff of their fund with the administrator's mark; the realm's administrator is admin", async () => {
    expect(await verifier.verify(await realm.sign({ realm_access: { roles: ['fund-admin'] }, fundId: 'kinderhulp' }))).toEqual({
      subject: 'kc-user-1',
      role: 'fund-staff',
      fundId: 'kinderhulp',
      fundAdmin: true,
    });
    expect((await verifier.verify(await realm.sign({ realm_access: { roles: ['administrator', 'parent'] } })))?.role).toBe('admin');
  });

  it('accepts a dev-login token with the same claims', async () => {
    const token = dev.issue({ subject: 'parent-sanne', role: 'parent' });
    expect(await verifier.verify(token)).toEqual({ subject: 'parent-sanne', role: 'parent' });
    const staff = dev.issue({ subject: 'staff-7', role: 'fund-staff', fundId: 'jarige-job', fundAdmin: true });
    expect(await verifier.verify(staff)).toEqual({ subject: 'staff-7', role: 'fund-staff', fundId: 'jarige-job', fundAdmin: true });
  });

  it("refuses a token from another realm, and one naming our realm but signed with another realm's key", async () => {
    expect(await verifier.verify(await other.sign({ realm_access: { roles: ['admin'] } }, { issuer: OTHER_REALM }))).toBeNull();
    expect(await verifier.verify(await other.sign({ realm_access: { roles: ['parent'] } }))).toBeNull();
  });

  it('refuses an expired token beyond the clock tolerance, and accepts one within it', async () => {
    expect(await verifier.verify(await realm.sign({ realm_access: { roles: ['parent'] } }, { expiresIn: -60 }))).toBeNull();
    expect(await verifier.verify(await realm.sign({ realm_access: { roles: ['parent'] } }, { expiresIn: -10 }))).not.toBeNull();
  });

  it('refuses a token whose role claim was changed after signing', async () => {
    const [header, payload, signature] = (await realm.sign({ realm_access: { roles: ['parent'] } })).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.realm_access.roles = ['administrator'];
    const changed = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(await verifier.verify(changed)).toBeNull();
  });

  it('refuses an HS256 token signed with the old development secret, and unsigned tokens', async () => {
    const claims = { role: 'admin', realm_access: { roles: ['administrator'] } };
    for (const issuer of [REALM, DEV_LOGIN_ISSUER, 'fund-desk']) {
      const hs256 = jwt.sign(claims, 'the-old-shared-development-secret-of-32-chars', { algorithm: 'HS256', subject: 'x', issuer, audience: TOKEN_AUDIENCE, expiresIn: 600 });
      expect(await verifier.verify(hs256)).toBeNull();
      const unsigned = jwt.sign(claims, '', { algorithm: 'none', subject: 'x', issuer, audience: TOKEN_AUDIENCE, expiresIn: 600 });
      expect(await verifier.verify(unsigned)).toBeNull();
    }
  });

  it('refuses another audience, a token without expiry and claims that make no actor', async () => {
    expect(await verifier.verify(await realm.sign({ realm_access: { roles: ['parent'] } }, { audience: ['account'] }))).toBeNull();
    expect(await verifier.verify(await realm.sign({ realm_access: { roles: ['offline_access'] } }))).toBeNull();
    expect(await verifier.verify(await realm.sign({ realm_access: { roles: ['fund-staff'] } }))).toBeNull(); // staff without a fund
    expect(await verifier.verify(await realm.sign({ realm_access: { roles: ['municipality'] }, municipalityCode: 'Leeuwarden' }))).toBeNull();
  });

  it('trusts the dev-login issuer only when it was given its keys', async () => {
    const withoutDev = new TokenVerifier([{ issuer: REALM, keys: realm.jwks }]);
    expect(await withoutDev.verify(dev.issue({ subject: 'p', role: 'parent' }))).toBeNull();
    expect(TokenVerifier.fromConfig({ OIDC_ISSUER: REALM, DEV_LOGIN: 'off', DEV_LOGIN_JWKS: dev.jwks, AUTH_CLOCK_TOLERANCE_S: 30 }).trusted).toEqual([REALM]);
    expect(TokenVerifier.fromConfig({ OIDC_ISSUER: REALM, DEV_LOGIN: 'on', DEV_LOGIN_JWKS: dev.jwks, AUTH_CLOCK_TOLERANCE_S: 30 }).trusted).toEqual([REALM, DEV_LOGIN_ISSUER]);
  });

  it.each(['', 'garbage', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9.e30.'])('refuses garbage %j', async (token) => {
    expect(await verifier.verify(token)).toBeNull();
  });
});

describe('principalOf', () => {
  it('takes the role with most reach when a user holds several', () => {
    expect(principalOf({ sub: 'u', realm_access: { roles: ['parent', 'intermediary'] }, organisation: 'Basisschool De Fluessen' })).toEqual({
      subject: 'u',
      role: 'intermediary',
      organisation: 'Basisschool De Fluessen',
    });
  });
});

describe('bearerToken', () => {
  it.each<[string | undefined, string | null]>([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['BEARER   abc', 'abc'],
    ['Basic dXNlcjpwYXNz', null],
    ['Bearer', null],
    ['Bearer ', null],
    ['Bearer a b', null],
    ['abc.def.ghi', null],
    ['', null],
    [undefined, null],
  ])('%j → %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});
