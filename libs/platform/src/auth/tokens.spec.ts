import jwt from 'jsonwebtoken';
import { bearerToken, TOKEN_AUDIENCE, TokenService } from './tokens';
import type { Principal } from './principal';

const SECRET = 'unit-test-secret-that-is-long-enough';
const ISSUER = 'fund-desk-dev';
const tokens = new TokenService(SECRET, ISSUER);

/** Signs claims the way an identity provider would, to build tokens issue() would never make. */
function sign(claims: object, options: jwt.SignOptions = {}, secret = SECRET): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256', issuer: ISSUER, audience: TOKEN_AUDIENCE, expiresIn: 3600, ...options });
}

describe('TokenService', () => {
  it.each<Principal>([
    { subject: 'parent-sanne', role: 'parent' },
    { subject: 'wijkteam-1', role: 'intermediary' },
    { subject: 'staff-7', role: 'fund-staff', fundId: 'leergeld-leeuwarden' },
    { subject: 'officer-2', role: 'municipality', municipalityCode: 'GM0080' },
    { subject: 'admin', role: 'admin' },
  ])('round-trips $role $subject', (principal) => {
    const verified = tokens.verify(tokens.issue(principal));
    expect(verified).toEqual({ fundId: undefined, municipalityCode: undefined, ...principal });
  });

  it('keeps the fund of a fund-staff member, so they see only their own fund', () => {
    const verified = tokens.verify(tokens.issue({ subject: 'staff-7', role: 'fund-staff', fundId: 'jarige-job' }));
    expect(verified?.role).toBe('fund-staff');
    expect(verified?.fundId).toBe('jarige-job');
    expect(verified?.subject).toBe('staff-7');
  });

  it('rejects a token signed with another secret', () => {
    const forged = new TokenService('another-secret-entirely', ISSUER).issue({ subject: 'admin', role: 'admin' });
    expect(tokens.verify(forged)).toBeNull();
  });

  it('rejects a token from another issuer or for another audience', () => {
    expect(tokens.verify(new TokenService(SECRET, 'someone-else').issue({ subject: 'p', role: 'parent' }))).toBeNull();
    expect(tokens.verify(sign({ role: 'parent' }, { subject: 'p', audience: 'other-api' }))).toBeNull();
  });

  it('rejects an expired token', () => {
    expect(tokens.verify(tokens.issue({ subject: 'p', role: 'parent' }, -1))).toBeNull();
    // expired on 2025-01-01
    const old = jwt.sign({ role: 'parent', sub: 'p', exp: 1735689600, iat: 1735660800 }, SECRET, {
      algorithm: 'HS256',
      issuer: ISSUER,
      audience: TOKEN_AUDIENCE,
    });
    expect(tokens.verify(old)).toBeNull();
  });

  it('rejects fund staff without a fund and a municipality officer without a municipality', () => {
    expect(tokens.verify(tokens.issue({ subject: 'staff-7', role: 'fund-staff' }))).toBeNull();
    expect(tokens.verify(sign({ role: 'fund-staff' }, { subject: 'staff-7' }))).toBeNull();
    expect(tokens.verify(sign({ role: 'fund-staff', fundId: '' }, { subject: 'staff-7' }))).toBeNull();
    expect(tokens.verify(tokens.issue({ subject: 'officer-2', role: 'municipality' }))).toBeNull();
  });

  it('rejects claims that break the schema', () => {
    expect(tokens.verify(sign({ role: 'superuser' }, { subject: 'p' }))).toBeNull();
    expect(tokens.verify(sign({ role: 'parent' }))).toBeNull(); // no subject
    expect(tokens.verify(sign({ role: 'municipality', municipalityCode: 'Leeuwarden' }, { subject: 'o' }))).toBeNull();
  });

  it('rejects another algorithm and unsigned tokens', () => {
    expect(tokens.verify(sign({ role: 'parent' }, { subject: 'p', algorithm: 'HS512' }))).toBeNull();
    const unsigned = jwt.sign({ role: 'admin', sub: 'x', iss: ISSUER, aud: TOKEN_AUDIENCE }, '', { algorithm: 'none' });
    expect(tokens.verify(unsigned)).toBeNull();
  });

  it.each(['', 'garbage', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9.e30.'])('rejects garbage %j', (token) => {
    expect(tokens.verify(token)).toBeNull();
  });

  it('a signed token that was tampered with is rejected', () => {
    const [header, , signature] = tokens.issue({ subject: 'p', role: 'parent' }).split('.');
    const payload = Buffer.from(
      JSON.stringify({ role: 'admin', sub: 'p', iss: ISSUER, aud: TOKEN_AUDIENCE, exp: 4102444800 }),
    ).toString('base64url');
    expect(tokens.verify(`${header}.${payload}.${signature}`)).toBeNull();
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
