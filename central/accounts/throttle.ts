/**
 * Slows down password guessing at /api/login: after `maxFailures` failed attempts for one
 * username from one address within `windowMs`, further attempts are refused until the window
 * has passed. Keyed by username *and* address so that a stranger cannot lock a colleague out
 * from elsewhere. In memory: a restart forgets, which is acceptable for a throttle.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly opts: { maxFailures?: number; windowMs?: number; now?: () => number } = {},
  ) {}

  private get max() {
    return this.opts.maxFailures ?? 10;
  }
  private get window() {
    return this.opts.windowMs ?? 15 * 60 * 1000;
  }
  private now() {
    return this.opts.now?.() ?? Date.now();
  }

  private recent(key: string): number[] {
    const since = this.now() - this.window;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Milliseconds until the next attempt is allowed; 0 when allowed now. */
  retryAfterMs(key: string): number {
    const list = this.recent(key);
    if (list.length < this.max) return 0;
    return (list[list.length - this.max] as number) + this.window - this.now();
  }

  fail(key: string): void {
    const list = this.recent(key);
    list.push(this.now());
    this.failures.set(key, list);
    // Bound memory under a spray of random usernames.
    if (this.failures.size > 100_000) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
