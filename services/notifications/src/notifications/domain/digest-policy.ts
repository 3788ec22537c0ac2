import { TIME_ZONE } from './quiet-hours';

export interface DigestState {
  /** When the last digest (daily or hourly) went out. */
  lastSentAt?: Date;
  /** The local day (YYYY-MM-DD) of the last daily digest. */
  lastDailyOn?: string;
}

export interface DigestPolicy {
  /** Local clock time of the daily digest. */
  dailyAt: string;
  /** New requests since the last digest that make an extra digest worth it, at most once an hour. */
  hourlyThreshold: number;
}

/** The local day and minutes since midnight of a moment. */
export function localDay(at: Date, timeZone = TIME_ZONE): { day: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { day: `${get('year')}-${get('month')}-${get('day')}`, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

/**
 * Fund staff get a digest, not a mail per request: once a day (after `dailyAt`, when anything is new or
 * waiting), and in between at most once an hour when many new requests came in.
 */
export function digestDue(now: Date, state: DigestState, counts: { newCount: number; waitingCount: number }, policy: DigestPolicy): 'daily' | 'hourly' | null {
  const { day, minutes } = localDay(now);
  const [h, m] = policy.dailyAt.split(':').map(Number);
  if (state.lastDailyOn !== day && minutes >= h * 60 + m && counts.newCount + counts.waitingCount > 0) return 'daily';
  const hourAgo = now.getTime() - 3_600_000;
  if (counts.newCount >= policy.hourlyThreshold && (!state.lastSentAt || state.lastSentAt.getTime() <= hourAgo)) return 'hourly';
  return null;
}
