export type CircuitState = 'closed' | 'open' | 'half-open';

/** The circuit for this key is open: the call was not made. */
export class CircuitOpen extends Error {
  constructor(
    readonly key: string,
    /** How long until the circuit lets a trial call through. */
    readonly retryAfterMs: number,
  ) {
    super(`Circuit ${key} is open; a trial call is let through in ${retryAfterMs} ms`);
    this.name = 'CircuitOpen';
  }
}

export interface CircuitBreakerOptions {
  /** Consecutive failures that open a circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before it lets one trial call through. */
  openMs: number;
  now?: () => number;
}

interface Circuit {
  failures: number;
  /** When the circuit last opened; null while closed. */
  openedAt: number | null;
  /** Raised each time the circuit opens, so calls that started before cannot change its state afterwards. */
  generation: number;
  /** When the trial call of a half-open circuit started; null when none is under way. */
  probeStartedAt: number | null;
}

/**
 * A circuit breaker per key (for example per municipality's register). After `failureThreshold` consecutive
 * failures a circuit opens for `openMs`: calls throw CircuitOpen without running. Then it is half-open and lets
 * one trial call through: success closes it, failure opens it again for `openMs`. While the trial runs, other
 * calls are refused; a trial that has not settled after `openMs` no longer holds the others back.
 *
 * `isFailure` decides which errors count (default: all). An error that does not count (say, "not found") shows
 * the dependency answered, so it counts as a success for the circuit; it is still thrown to the caller.
 * Outcomes of calls that started before the circuit last opened do not change its state.
 * Circuits are kept for every key ever used: keys are meant to be few (municipalities, endpoints).
 */
export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();
  private readonly failureThreshold: number;
  private readonly openMs: number;
  private readonly now: () => number;

  constructor(options: CircuitBreakerOptions) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
      throw new Error('failureThreshold must be a whole number of at least 1');
    }
    if (!Number.isFinite(options.openMs) || options.openMs < 0) throw new Error('openMs must be 0 or more milliseconds');
    this.failureThreshold = options.failureThreshold;
    this.openMs = options.openMs;
    this.now = options.now ?? Date.now;
  }

  state(key: string): CircuitState {
    return this.stateAt(this.circuits.get(key), this.now());
  }

  async run<T>(key: string, fn: () => Promise<T>, isFailure: (e: unknown) => boolean = () => true): Promise<T> {
    let circuit = this.circuits.get(key);
    if (!circuit) {
      circuit = { failures: 0, openedAt: null, generation: 0, probeStartedAt: null };
      this.circuits.set(key, circuit);
    }
    const now = this.now();
    const state = this.stateAt(circuit, now);
    if (state === 'open') throw new CircuitOpen(key, circuit.openedAt! + this.openMs - now);
    const probe = state === 'half-open';
    if (probe) {
      if (circuit.probeStartedAt !== null && now - circuit.probeStartedAt < this.openMs) {
        throw new CircuitOpen(key, circuit.probeStartedAt + this.openMs - now);
      }
      circuit.probeStartedAt = now;
    }
    const generation = circuit.generation;

    let result: T;
    try {
      result = await fn();
    } catch (error) {
      if (circuit.generation === generation) {
        if (isFailure(error)) this.failed(circuit, probe);
        else this.succeeded(circuit);
      }
      throw error;
    }
    if (circuit.generation === generation) this.succeeded(circuit);
    return result;
  }

  private stateAt(circuit: Circuit | undefined, now: number): CircuitState {
    if (!circuit || circuit.openedAt === null) return 'closed';
    return now - circuit.openedAt < this.openMs ? 'open' : 'half-open';
  }

  private succeeded(circuit: Circuit): void {
    circuit.failures = 0;
    circuit.openedAt = null;
    circuit.probeStartedAt = null;
  }

  private failed(circuit: Circuit, probe: boolean): void {
    circuit.failures++;
    circuit.probeStartedAt = null;
    if (probe || circuit.failures >= this.failureThreshold) {
      circuit.openedAt = this.now();
      circuit.generation++;
    }
  }
}
