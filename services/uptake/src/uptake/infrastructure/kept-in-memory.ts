// What uptake's repository keeps in memory between reads: it is the only writer of what it keeps (one instance).

/**
 * What was read, kept for `ms` and until this process changes it (through `change`); a read under way while a
 * change is written is not kept, so it cannot hide the change.
 */
export class ReadWithin<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();
  private changes = 0;
  constructor(private readonly ms: number) {}
  async get(key: string, load: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(key);
    if (kept && kept.until > Date.now()) return kept.value;
    const changes = this.changes;
    const value = await load();
    if (changes === this.changes) this.entries.set(key, { value, until: Date.now() + this.ms });
    return value;
  }
  async change<R>(key: string, write: () => Promise<R>): Promise<R> {
    this.changes++;
    this.entries.delete(key);
    try {
      return await write();
    } finally {
      this.changes++;
      this.entries.delete(key);
    }
  }
  forgetAll(): void {
    this.changes++;
    this.entries.clear();
  }
}

/** A bounded map of what was read or written last (the oldest entry goes first); values are copied in and out. */
export class Kept<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly limit: number) {}
  async get(key: string, load: () => Promise<T>): Promise<T> {
    if (this.entries.has(key)) return structuredClone(this.entries.get(key) as T);
    const value = await load();
    this.set(key, value);
    return value;
  }
  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, structuredClone(value));
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
  forget(key: string): void {
    this.entries.delete(key);
  }
  clear(): void {
    this.entries.clear();
  }
}
