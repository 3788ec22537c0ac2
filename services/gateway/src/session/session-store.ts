import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Role } from '@fund-desk/contracts';
import type { Principal } from '@fund-desk/platform';

/** Staff can see other people's files: their sessions end sooner when left alone. */
const STAFF_ROLES: readonly Role[] = ['fund-staff', 'municipality', 'admin'];

export interface SessionLimits {
  /** Seconds without a request after which a staff session ends. */
  staffIdleSeconds: number;
  /** The same for parents and intermediaries. */
  citizenIdleSeconds: number;
  /** Seconds after sign-in after which any session ends, however busy. */
  absoluteSeconds: number;
}

/** What the gateway keeps of one signed-in browser: the tokens never leave Redis. */
export interface Session {
  principal: Principal;
  accessToken: string;
  /** Epoch ms when the access token expires. */
  accessExpiresAt: number;
  refreshToken?: string;
  idToken?: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

/** A sign-in on its way through the identity provider: what the callback must check. */
export interface PendingSignIn {
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}

export type SessionState = { session: Session } | { ended: 'idle' | 'lifetime' | 'unknown' };

/**
 * Server-side sessions in Redis. The browser holds only a random id in an HttpOnly cookie; Redis holds a hash of
 * it as the key (a leaked key list does not give sessions away), with the tokens and the CSRF token. A session
 * ends after its idle time (15 minutes for staff, 30 for parents and intermediaries by default) or its absolute
 * lifetime, whichever comes first; Redis expires the key at the same moment.
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly limits: SessionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  idleSecondsOf(role: Role): number {
    return STAFF_ROLES.includes(role) ? this.limits.staffIdleSeconds : this.limits.citizenIdleSeconds;
  }

  async create(data: Omit<Session, 'csrfToken' | 'createdAt' | 'lastSeenAt'>): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const at = this.now();
    const session: Session = { ...data, csrfToken: randomBytes(32).toString('base64url'), createdAt: at, lastSeenAt: at };
    await this.save(id, session);
    return { id, session };
  }

  /** The live session for a cookie's id, touched (its idle clock restarts), or why there is none. */
  async resume(id: string): Promise<SessionState> {
    const key = this.keyOf(id);
    const raw = await this.redis.get(key);
    if (!raw) return { ended: 'unknown' };
    const session = JSON.parse(raw) as Session;
    const at = this.now();
    if (at - session.createdAt >= this.limits.absoluteSeconds * 1000) {
      await this.redis.del(key);
      return { ended: 'lifetime' };
    }
    if (at - session.lastSeenAt >= this.idleSecondsOf(session.principal.role) * 1000) {
      await this.redis.del(key);
      return { ended: 'idle' };
    }
    session.lastSeenAt = at;
    await this.save(id, session);
    return { session };
  }

  /** Stores new tokens after a refresh, keeping the session's clocks. */
  async update(id: string, session: Session): Promise<void> {
    await this.save(id, session);
  }

  /** Ends the session; returns what it held (for signing out at the identity provider), or null. */
  async destroy(id: string): Promise<Session | null> {
    const key = this.keyOf(id);
    const raw = await this.redis.getdel(key);
    return raw ? (JSON.parse(raw) as Session) : null;
  }

  /** When the session ends if nothing more happens (epoch ms). */
  endsAt(session: Session): number {
    return Math.min(session.lastSeenAt + this.idleSecondsOf(session.principal.role) * 1000, session.createdAt + this.limits.absoluteSeconds * 1000);
  }

  csrfMatches(session: Session, presented: string | undefined): boolean {
    if (!presented) return false;
    const a = Buffer.from(session.csrfToken);
    const b = Buffer.from(presented);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** A sign-in in flight, under its `state`, for ten minutes; the callback takes it once. */
  async putPending(state: string, pending: PendingSignIn): Promise<void> {
    await this.redis.set(`${this.prefix}:sign-in:${state}`, JSON.stringify(pending), 'EX', 600);
  }

  async takePending(state: string): Promise<PendingSignIn | null> {
    const raw = await this.redis.getdel(`${this.prefix}:sign-in:${state}`);
    return raw ? (JSON.parse(raw) as PendingSignIn) : null;
  }

  /** Only one refresh of a session at a time (the other requests use the token they have, still valid for a minute). */
  async lockRefresh(id: string): Promise<boolean> {
    return (await this.redis.set(`${this.keyOf(id)}:refresh`, '1', 'EX', 10, 'NX')) === 'OK';
  }

  private async save(id: string, session: Session): Promise<void> {
    const ttlMs = Math.max(1, this.endsAt(session) - this.now());
    await this.redis.set(this.keyOf(id), JSON.stringify(session), 'PX', ttlMs);
  }

  private keyOf(id: string): string {
    return `${this.prefix}:session:${createHash('sha256').update(id).digest('base64url')}`;
  }
}
