/** A dependency a service needs to do its work. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export class Readiness {
  private readonly checks: ReadinessCheck[] = [];
  private readonly liveness: (() => string | null)[] = [];

  add(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  /** A liveness probe returns a reason when the process should be restarted, else null. */
  addLiveness(probe: () => string | null): void {
    this.liveness.push(probe);
  }

  alive(): string[] {
    return this.liveness.map((p) => p()).filter((r): r is string => r !== null);
  }

  async run(timeoutMs = 2000): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const results = await Promise.all(
      this.checks.map(async (c) => {
        try {
          await Promise.race([
            c.check(),
            new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs)),
          ]);
          return [c.name, 'up'] as const;
        } catch (error) {
          return [c.name, `down: ${(error as Error).message}`] as const;
        }
      }),
    );
    return { ready: results.every(([, s]) => s === 'up'), checks: Object.fromEntries(results) };
  }
}
