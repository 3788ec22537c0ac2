import { Inject, Injectable } from '@nestjs/common';
import { HouseholdRepository } from './household.repository';

const FRESH_MS = 5 * 60_000;

/** How long each fund usually takes to decide: the median of its last 50 decisions, whole days, cached a few minutes. */
@Injectable()
export class WaitingTimes {
  private readonly cache = new Map<string, { days: number | undefined; at: number }>();

  constructor(@Inject(HouseholdRepository) private readonly households: HouseholdRepository) {}

  async forFunds(fundIds: string[]): Promise<(fundId: string) => number | undefined> {
    const now = Date.now();
    await Promise.all(
      [...new Set(fundIds)].map(async (fundId) => {
        const cached = this.cache.get(fundId);
        if (cached && now - cached.at < FRESH_MS) return;
        this.cache.set(fundId, { days: median(await this.households.recentDecisionTimes(fundId)), at: now });
      }),
    );
    return (fundId) => this.cache.get(fundId)?.days;
  }
}

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return Math.max(1, Math.round(value));
}
