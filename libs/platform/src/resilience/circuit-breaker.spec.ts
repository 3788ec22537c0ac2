import { CircuitBreaker, CircuitOpen } from './circuit-breaker';

class Unavailable extends Error {}
class NotFound extends Error {}

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

function setup(failureThreshold = 3, openMs = 30_000) {
  const time = clock();
  const breaker = new CircuitBreaker({ failureThreshold, openMs, now: time.now });
  let calls = 0;
  const ok = () => breaker.run('GM0080', async () => (calls++, 'answer'));
  const fail = (error: Error = new Unavailable('down')) =>
    breaker.run('GM0080', async () => {
      calls++;
      throw error;
    }).catch((e: unknown) => e);
  return { breaker, time, ok, fail, calls: () => calls };
}

/** A call the test settles by hand, to have several under way at once. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('CircuitBreaker', () => {
  it('starts closed and passes results and errors through', async () => {
    const { breaker, ok, fail } = setup();
    expect(breaker.state('GM0080')).toBe('closed');
    await expect(ok()).resolves.toBe('answer');
    const error = new Unavailable('down');
    expect(await fail(error)).toBe(error);
    expect(breaker.state('GM0080')).toBe('closed');
  });

  it('opens after the threshold of consecutive failures and then refuses without calling', async () => {
    const { breaker, ok, fail, calls } = setup(3);
    await fail();
    await fail();
    expect(breaker.state('GM0080')).toBe('closed');
    await fail();
    expect(breaker.state('GM0080')).toBe('open');
    expect(calls()).toBe(3);
    const refused = await ok().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CircuitOpen);
    expect((refused as CircuitOpen).key).toBe('GM0080');
    expect((refused as CircuitOpen).retryAfterMs).toBe(30_000);
    expect(calls()).toBe(3);
  });

  it('counts consecutive failures only: a success in between starts again', async () => {
    const { breaker, ok, fail } = setup(3);
    await fail();
    await fail();
    await ok();
    await fail();
    await fail();
    expect(breaker.state('GM0080')).toBe('closed');
    await fail();
    expect(breaker.state('GM0080')).toBe('open');
  });

  it('is half-open after openMs and closes on a successful trial call', async () => {
    const { breaker, time, ok, fail, calls } = setup(2, 30_000);
    await fail();
    await fail();
    time.advance(29_999);
    expect(breaker.state('GM0080')).toBe('open');
    await expect(ok()).rejects.toBeInstanceOf(CircuitOpen);
    time.advance(1);
    expect(breaker.state('GM0080')).toBe('half-open');
    await expect(ok()).resolves.toBe('answer');
    expect(breaker.state('GM0080')).toBe('closed');
    expect(calls()).toBe(3);
    // Closed again means the full threshold again.
    await fail();
    expect(breaker.state('GM0080')).toBe('closed');
  });

  it('opens again for openMs when the trial call fails', async () => {
    const { breaker, time, ok, fail, calls } = setup(2, 30_000);
    await fail();
    await fail();
    time.advance(30_000);
    await fail();
    expect(calls()).toBe(3);
    expect(breaker.state('GM0080')).toBe('open');
    time.advance(29_999);
    await expect(ok()).rejects.toBeInstanceOf(CircuitOpen);
    time.advance(1);
    await expect(ok()).resolves.toBe('answer');
    expect(calls()).toBe(4);
  });

  it('lets one trial call through while half-open; the others are refused until it settles', async () => {
    const { breaker, time, fail } = setup(1, 1000);
    await fail();
    time.advance(1000);
    const trial = deferred<string>();
    const first = breaker.run('GM0080', () => trial.promise);
    let secondCalled = false;
    const second = breaker.run('GM0080', async () => ((secondCalled = true), 'x'));
    await expect(second).rejects.toBeInstanceOf(CircuitOpen);
    expect(secondCalled).toBe(false);
    trial.resolve('answer');
    await expect(first).resolves.toBe('answer');
    expect(breaker.state('GM0080')).toBe('closed');
  });

  it('lets another trial through when the first has not settled after openMs', async () => {
    const { breaker, time, fail } = setup(1, 1000);
    await fail();
    time.advance(1000);
    const stuck = deferred<string>();
    void breaker.run('GM0080', () => stuck.promise);
    time.advance(999);
    await expect(breaker.run('GM0080', async () => 'x')).rejects.toBeInstanceOf(CircuitOpen);
    time.advance(1);
    await expect(breaker.run('GM0080', async () => 'second trial')).resolves.toBe('second trial');
    expect(breaker.state('GM0080')).toBe('closed');
    stuck.resolve('late');
  });

  it('counts only the errors isFailure picks; the others pass through and count as an answer', async () => {
    const { breaker } = setup(2);
    const isFailure = (e: unknown) => e instanceof Unavailable;
    const run = (error: Error) =>
      breaker.run('GM0080', async () => {
        throw error;
      }, isFailure).catch((e: unknown) => e);
    const notFound = new NotFound('no such person');
    for (let i = 0; i < 5; i++) expect(await run(notFound)).toBe(notFound);
    expect(breaker.state('GM0080')).toBe('closed');
    await run(new Unavailable('down'));
    await run(notFound); // the register answered: the consecutive count starts again
    await run(new Unavailable('down'));
    expect(breaker.state('GM0080')).toBe('closed');
    await run(new Unavailable('down'));
    expect(breaker.state('GM0080')).toBe('open');
  });

  it('closes a half-open circuit on an error that does not count', async () => {
    const { breaker, time, fail } = setup(1, 1000);
    await fail();
    time.advance(1000);
    const notFound = new NotFound('no such person');
    await expect(
      breaker.run('GM0080', async () => {
        throw notFound;
      }, (e) => !(e instanceof NotFound)),
    ).rejects.toBe(notFound);
    expect(breaker.state('GM0080')).toBe('closed');
  });

  it('keeps a circuit per key', async () => {
    const { breaker } = setup(1);
    await breaker.run('GM0080', async () => Promise.reject(new Unavailable('down'))).catch(() => undefined);
    expect(breaker.state('GM0080')).toBe('open');
    expect(breaker.state('GM0772')).toBe('closed');
    await expect(breaker.run('GM0772', async () => 'answer')).resolves.toBe('answer');
    await expect(breaker.run('GM0080', async () => 'answer')).rejects.toBeInstanceOf(CircuitOpen);
  });

  it('ignores the outcome of calls that started before the circuit opened', async () => {
    const { breaker, time } = setup(1, 1000);
    const slowSuccess = deferred<string>();
    const before = breaker.run('GM0080', () => slowSuccess.promise);
    await breaker.run('GM0080', async () => Promise.reject(new Unavailable('down'))).catch(() => undefined);
    expect(breaker.state('GM0080')).toBe('open');
    slowSuccess.resolve('late');
    await expect(before).resolves.toBe('late');
    expect(breaker.state('GM0080')).toBe('open');
    time.advance(1000);
    expect(breaker.state('GM0080')).toBe('half-open');
  });

  it('refuses options that make no sense', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0, openMs: 1000 })).toThrow(/failureThreshold/);
    expect(() => new CircuitBreaker({ failureThreshold: 1.5, openMs: 1000 })).toThrow(/failureThreshold/);
    expect(() => new CircuitBreaker({ failureThreshold: 1, openMs: -1 })).toThrow(/openMs/);
  });

  it('uses the real clock when none is given', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 60_000 });
    await breaker.run('k', async () => Promise.reject(new Error('x'))).catch(() => undefined);
    expect(breaker.state('k')).toBe('open');
  });
});
