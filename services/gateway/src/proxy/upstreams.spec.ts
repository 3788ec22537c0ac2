import { Upstreams } from './upstreams';

describe('Upstreams', () => {
  it('takes the instances in turn', () => {
    const upstreams = new Upstreams(['a', 'b', 'c']);
    expect([1, 2, 3, 4, 5, 6].map(() => upstreams.pick(0))).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('passes over an instance that refused a connection, until its time is up', () => {
    const upstreams = new Upstreams(['a', 'b'], 3_000);
    upstreams.markDown('a', 1_000);
    expect([1, 2, 3].map(() => upstreams.pick(2_000))).toEqual(['b', 'b', 'b']);
    expect(new Set([1, 2].map(() => upstreams.pick(4_001)))).toEqual(new Set(['a', 'b']));
  });

  it('still answers with an instance when every one is down, and never marks the only one down', () => {
    const two = new Upstreams(['a', 'b']);
    two.markDown('a', 0);
    two.markDown('b', 0);
    expect(['a', 'b']).toContain(two.pick(1));
    const one = new Upstreams(['a']);
    one.markDown('a', 0);
    expect(one.pick(1)).toBe('a');
  });
});
