/**
 * Spreads requests over a service's instances, round robin, and passes over an instance that refused a connection
 * for a few seconds (it crashed or is restarting), so one dead instance costs its in-flight requests and no more.
 * In Kubernetes each service has one URL (its Service) and this is a list of one.
 */
export class Upstreams {
  private next = 0;
  private readonly downUntil = new Map<string, number>();

  constructor(
    private readonly targets: string[],
    private readonly downForMs = 3_000,
  ) {}

  pick(now = Date.now()): string {
    for (let i = 0; i < this.targets.length; i++) {
      const target = this.targets[(this.next + i) % this.targets.length];
      if ((this.downUntil.get(target) ?? 0) <= now) {
        this.next = (this.next + i + 1) % this.targets.length;
        return target;
      }
    }
    // All are marked down: try them in turn anyway rather than refuse outright.
    return this.targets[this.next++ % this.targets.length];
  }

  markDown(target: string, now = Date.now()): void {
    if (this.targets.length > 1) this.downUntil.set(target, now + this.downForMs);
  }
}
