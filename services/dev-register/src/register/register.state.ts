import { Injectable } from '@nestjs/common';
import { SEED_PEOPLE, SeedPerson } from './seed-people';

export type RegisterMode = 'up' | 'down' | 'slow';

export interface RegisterBehaviour {
  mode: RegisterMode;
  /** How long a lookup waits before it is answered in 'slow' mode. */
  delayMs: number;
}

export interface RegisterCall {
  municipalityCode: string;
  /** Only the last four digits: the call log is for tests, it never holds a whole BSN. */
  bsnLast4: string;
  at: string;
}

/** Default wait in 'slow' mode when no delay is given: longer than any sensible client timeout. */
export const DEFAULT_SLOW_DELAY_MS = 5000;
/** The call log keeps the newest calls only; the count keeps going. */
const MAX_LOGGED_CALLS = 1000;

/** Everything the development register holds, in memory: the people, how it behaves, the lookups it received. */
/**
 * For load tests: any valid BSN starting with 80 is a fictional single parent in whatever municipality
 * asks, with an income of €1,200 plus the last four digits in cents (so results differ and are predictable).
 */
export function syntheticPerson(municipalityCode: string, bsn: string): SeedPerson | null {
  if (!bsn.startsWith('80')) return null;
  return {
    bsn,
    municipalityCode: municipalityCode as SeedPerson['municipalityCode'],
    composition: 'single-parent',
    netMonthlyIncomeCents: 120000 + Number(bsn.slice(-4)),
    socialAssistance: false,
    debtRelief: false,
  };
}

@Injectable()
export class RegisterState {
  private readonly people = new Map<string, SeedPerson>(SEED_PEOPLE.map((p) => [p.bsn, p]));
  private behaviour: RegisterBehaviour = { mode: 'up', delayMs: 0 };
  private count = 0;
  private log: RegisterCall[] = [];

  find(municipalityCode: string, bsn: string): SeedPerson | null {
    const person = this.people.get(bsn) ?? syntheticPerson(municipalityCode, bsn);
    return person && person.municipalityCode === municipalityCode ? person : null;
  }

  currentBehaviour(): RegisterBehaviour {
    return { ...this.behaviour };
  }

  setBehaviour(mode: RegisterMode, delayMs?: number): RegisterBehaviour {
    this.behaviour = { mode, delayMs: mode === 'slow' ? (delayMs ?? DEFAULT_SLOW_DELAY_MS) : 0 };
    return this.currentBehaviour();
  }

  recordCall(municipalityCode: string, bsn: string, at = new Date()): void {
    this.count++;
    this.log.push({ municipalityCode: municipalityCode.slice(0, 16), bsnLast4: bsn.slice(-4), at: at.toISOString() });
    if (this.log.length > MAX_LOGGED_CALLS) this.log = this.log.slice(-MAX_LOGGED_CALLS);
  }

  calls(): { count: number; calls: RegisterCall[] } {
    return { count: this.count, calls: this.log.map((c) => ({ ...c })) };
  }

  resetCalls(): void {
    this.count = 0;
    this.log = [];
  }
}
