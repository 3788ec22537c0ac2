import type { Redis } from 'ioredis';

export interface RateRule {
  name: string;
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number; rule: string };

/**
 * Fixed-window counters in Redis, so that the limits hold across every gateway instance: one INCR per rule and key,
 * the window's expiry set with the first request. A Redis that does not answer lets requests through (the limit
 * protects the services; it must not take the desk down with it).
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async take(rule: RateRule, who: string): Promise<RateVerdict> {
    const window = Math.floor(Date.now() / 1000 / rule.windowSeconds);
    const key = `${this.prefix}:rate:${rule.name}:${who}:${window}`;
    try {
      const [[, count]] = (await this.redis.multi().incr(key).expire(key, rule.windowSeconds + 1).exec()) as [[Error | null, number]];
      if (count <= rule.limit) return { ok: true };
      const retryAfterSeconds = Math.max(1, (window + 1) * rule.windowSeconds - Math.floor(Date.now() / 1000));
      return { ok: false, retryAfterSeconds, rule: rule.name };
    } catch {
      return { ok: true };
    }
  }
}

const SIGN_IN = /^\/api\/v1\/auth\/(login|callback|dev-login)$/;
const SUBMIT = /^\/api\/v1\/applications(\/drafts\/[^/]+\/submit)?\/?$/;

export interface RateLimits {
  signInPerMinute: number;
  submitPerHour: number;
  apiPerMinute: number;
}

/** Which rules a request counts against, and under which key: the signed-in account where known, else the address. */
export function rulesFor(method: string, path: string, limits: RateLimits): { rule: RateRule; by: 'address' | 'account' }[] {
  const rules: { rule: RateRule; by: 'address' | 'account' }[] = [];
  if (SIGN_IN.test(path)) rules.push({ rule: { name: 'sign-in', limit: limits.signInPerMinute, windowSeconds: 60 }, by: 'address' });
  if (method === 'POST' && SUBMIT.test(path)) {
    rules.push({ rule: { name: 'submit', limit: limits.submitPerHour, windowSeconds: 3600 }, by: 'account' });
    rules.push({ rule: { name: 'submit-address', limit: limits.submitPerHour * 10, windowSeconds: 3600 }, by: 'address' });
  }
  if (path.startsWith('/api/v1/')) {
    rules.push({ rule: { name: 'api', limit: limits.apiPerMinute, windowSeconds: 60 }, by: 'account' });
    rules.push({ rule: { name: 'api-address', limit: limits.apiPerMinute * 5, windowSeconds: 60 }, by: 'address' });
  }
  return rules;
}
