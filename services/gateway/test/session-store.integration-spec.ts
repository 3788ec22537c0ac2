import { Redis } from 'ioredis';
import { stack, uniqueId } from '@fund-desk/testing';
import { cookieOf, safeReturnPath } from '../src/session/browser-sessions';
import { SessionStore } from '../src/session/session-store';

/** Sessions in the real Redis, with a clock the test moves. */
describe('SessionStore', () => {
  let redis: Redis;
  let clock = Date.now();
  const store = () => new SessionStore(redis, uniqueId('sessions'), { staffIdleSeconds: 900, citizenIdleSeconds: 1800, absoluteSeconds: 36_000 }, () => clock);
  const tokens = { accessToken: 'a.b.c', accessExpiresAt: Date.now() + 300_000, refreshToken: 'r' };

  beforeAll(() => {
    redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 2 });
  });
  afterAll(() => redis.quit());
  beforeEach(() => {
    clock = Date.now();
  });

  it('ends a staff session after 15 idle minutes and a parent session after 30', async () => {
    const sessions = store();
    const staff = await sessions.create({ principal: { subject: uniqueId('staff'), role: 'fund-staff', fundId: 'jarige-job' }, ...tokens });
    const parent = await sessions.create({ principal: { subject: uniqueId('parent'), role: 'parent' }, ...tokens });
    clock += 14 * 60_000;
    expect('session' in (await sessions.resume(staff.id))).toBe(true); // touched: the idle clock starts again
    expect('session' in (await sessions.resume(parent.id))).toBe(true);
    clock += 16 * 60_000;
    expect(await sessions.resume(staff.id)).toEqual({ ended: 'idle' });
    expect('session' in (await sessions.resume(parent.id))).toBe(true);
    clock += 31 * 60_000;
    expect(await sessions.resume(parent.id)).toEqual({ ended: 'idle' });
    expect(await sessions.resume(parent.id)).toEqual({ ended: 'unknown' }); // and it is gone
  });

  it('ends any session at its absolute lifetime, however busy', async () => {
    const sessions = store();
    const { id } = await sessions.create({ principal: { subject: uniqueId('parent'), role: 'parent' }, ...tokens });
    // A request every 20 minutes for 9 h 40 min: never idle, but 10 hours after sign-in it ends.
    for (let visit = 0; visit < 29; visit++) {
      clock += 20 * 60_000;
      expect('session' in (await sessions.resume(id))).toBe(true);
    }
    clock += 20 * 60_000;
    expect(await sessions.resume(id)).toEqual({ ended: 'lifetime' });
  });

  it('lets Redis forget the session when it would end, and keeps no session id in its keys', async () => {
    const prefix = uniqueId('sessions');
    const sessions = new SessionStore(redis, prefix, { staffIdleSeconds: 900, citizenIdleSeconds: 1800, absoluteSeconds: 36_000 });
    const { id } = await sessions.create({ principal: { subject: uniqueId('staff'), role: 'municipality', municipalityCode: 'GM0080' }, ...tokens });
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain(id);
    const ttl = await redis.pttl(keys[0]);
    expect(ttl).toBeGreaterThan(899_000);
    expect(ttl).toBeLessThanOrEqual(900_000);
    expect(await sessions.destroy(id)).toMatchObject({ refreshToken: 'r' });
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
  });

  it('matches only its own CSRF token', async () => {
    const sessions = store();
    const { session } = await sessions.create({ principal: { subject: uniqueId('parent'), role: 'parent' }, ...tokens });
    expect(sessions.csrfMatches(session, session.csrfToken)).toBe(true);
    expect(sessions.csrfMatches(session, undefined)).toBe(false);
    expect(sessions.csrfMatches(session, `${session.csrfToken}x`)).toBe(false);
    expect(sessions.csrfMatches(session, 'a'.repeat(session.csrfToken.length))).toBe(false);
  });

  it('gives a sign-in in flight to one callback only', async () => {
    const sessions = store();
    const state = uniqueId('state');
    await sessions.putPending(state, { codeVerifier: 'v', nonce: 'n', returnTo: '/aanvragen' });
    const [first, second] = await Promise.all([sessions.takePending(state), sessions.takePending(state)]);
    expect([first, second].filter(Boolean)).toEqual([{ codeVerifier: 'v', nonce: 'n', returnTo: '/aanvragen' }]);
  });
});

describe('cookies and return paths', () => {
  it('reads one cookie among several', () => {
    expect(cookieOf('a=1; fd_session=abc%3D; b=2', 'fd_session')).toBe('abc=');
    expect(cookieOf('xfd_session=1', 'fd_session')).toBeUndefined();
    expect(cookieOf(undefined, 'fd_session')).toBeUndefined();
  });

  it.each([
    ['/applications/1?x=2', '/applications/1?x=2'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    [undefined, '/'],
    [['/a', '/b'], '/'],
  ])('returns to %j as %j', (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });
});
