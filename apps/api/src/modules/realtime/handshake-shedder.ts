/**
 * Load shedding for socket handshakes. When a reconnect storm exceeds what this process
 * can take — too many handshakes waiting on the database, or the event loop running late — a new
 * handshake is refused at once with RATE_LIMITED and a `retryAfterMs` (jittered, growing with the
 * pressure) that clients honour, instead of queueing work until the process stalls.
 */
export class HandshakeShedder {
  private inFlight = 0;
  private lagMs = 0;
  private last = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly maxInFlight: number,
    private readonly maxLagMs: number,
    private readonly random: () => number = Math.random,
    private readonly sampleMs = 50,
  ) {}

  /** Starts the event-loop lag probe (a timer that measures how late it fires; unref'd). */
  start(): void {
    this.last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      const late = Math.max(0, now - this.last - this.sampleMs);
      this.last = now;
      // rises at once, decays over a few samples: one late tick is enough to start shedding
      this.lagMs = Math.max(late, this.lagMs * 0.7);
    }, this.sampleMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** 0 to admit the handshake, else the milliseconds the client should wait before trying again. */
  retryAfterMs(): number {
    const pressure = Math.max(this.inFlight / this.maxInFlight, this.lagMs / this.maxLagMs);
    if (pressure < 1) return 0;
    const base = Math.min(10_000, 1000 * pressure);
    return Math.round(base / 2 + this.random() * base); // spread the retries: [base/2, 1.5·base)
  }

  begin(): void {
    this.inFlight += 1;
  }

  end(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** For tests and logs. */
  get state(): { inFlight: number; lagMs: number } {
    return { inFlight: this.inFlight, lagMs: this.lagMs };
  }

  /** Test hook: pretend the event loop is this late. */
  setLagForTest(ms: number): void {
    this.lagMs = ms;
  }
}
