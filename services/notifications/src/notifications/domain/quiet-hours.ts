/** Quiet hours for text messages, as local clock times ("21:00" to "08:00" spans midnight). */
export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '08:00' };
export const TIME_ZONE = 'Europe/Amsterdam';

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** Local wall-clock minutes since midnight and seconds, in a time zone (summer time included). */
function localClock(at: Date, timeZone: string): { minutes: number; seconds: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { minutes: get('hour') * 60 + get('minute'), seconds: get('second') };
}

/**
 * When a text message may go out: `at` itself outside quiet hours, else the moment they end (local time).
 * A window with equal start and end means no quiet hours.
 */
export function sendableFrom(at: Date, quiet: QuietHours | null | undefined, timeZone = TIME_ZONE): Date {
  if (!quiet) return at;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return at;
  const { minutes, seconds } = localClock(at, timeZone);
  const inside = start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return at;
  const wait = (end - minutes + 24 * 60) % (24 * 60);
  const candidate = new Date(at.getTime() + wait * 60_000 - seconds * 1000 - at.getMilliseconds());
  // Across a change to or from summer time the wall clock jumps an hour: land on the local end time.
  const landed = localClock(candidate, timeZone).minutes;
  return landed === end ? candidate : new Date(candidate.getTime() + (end - landed) * 60_000);
}

export const isClockTime = (value: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
