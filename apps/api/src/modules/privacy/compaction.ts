/**
 * Storage compaction after a privacy purge, with retries (pure; no Nest imports; unit-tested).
 *
 * A purge removes text from the documents at once, but the database may still hold the old bytes
 * in its files until it rewrites them (`compact`). When that rewrite fails the purge is not done:
 * the moderator is told, the debt is recorded (so a restart still owes it) and compaction is tried
 * again with growing delays until it succeeds; then everyone who was told is told again.
 */
export type PurgeStorage = 'compacted' | 'retrying';

export interface CompactionDeps {
  /** Rewrites storage without dead versions; rejects when it could not. */
  compact(): Promise<void>;
  /** Records (or clears) the debt durably, with the moderators still waiting for the outcome. */
  setDue(due: boolean, waiting: string[]): Promise<void>;
  /**
   * Compaction failed (called on every failed attempt, for the audit): `newlyWaiting` are the
   * moderators not told yet, to be told their purge is not yet off the disk (never with text).
   */
  failed(newlyWaiting: string[], attempt: number, error: string): Promise<void>;
  /** A retry succeeded: the moderators who were told of the failure are told it is done. */
  recovered(waiting: string[], attempts: number): Promise<void>;
  /** Timer seam (tests drive time). Returns a cancel function. */
  schedule(fn: () => void, ms: number): () => void;
}

/** Delays between retries; the last one repeats until compaction succeeds. */
export const RETRY_DELAYS_MS = [2_000, 10_000, 60_000, 300_000, 900_000];

export class CompactionRetry {
  private waiting = new Set<string>();
  private told = new Set<string>();
  private attempts = 0;
  private cancel: (() => void) | null = null;
  private running: Promise<boolean> | null = null;
  private stopped = false;

  constructor(private readonly deps: CompactionDeps) {}

  /** True while a failed compaction is waiting for its next try. */
  get pending(): boolean {
    return this.cancel !== null;
  }

  /** After a purge: compact now; on failure tell `moderatorId`, record the debt and retry later. */
  async request(moderatorId?: string): Promise<PurgeStorage> {
    if (moderatorId) this.waiting.add(moderatorId);
    const ok = await this.tryOnce();
    if (ok) return 'compacted';
    return 'retrying';
  }

  /** At start-up: a debt recorded by an earlier run is paid first. */
  resume(waiting: string[]): void {
    for (const id of waiting) this.waiting.add(id);
    this.plan(0);
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = null;
  }

  /** One attempt; concurrent requests share the attempt in flight. */
  private tryOnce(): Promise<boolean> {
    this.running ??= this.attempt().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async attempt(): Promise<boolean> {
    try {
      await this.deps.compact();
    } catch (err) {
      this.attempts++;
      const waiting = [...this.waiting];
      const fresh = waiting.filter((id) => !this.told.has(id));
      for (const id of fresh) this.told.add(id);
      await this.deps.setDue(true, waiting);
      await this.deps.failed(fresh, this.attempts, err instanceof Error ? err.message : String(err));
      this.plan(RETRY_DELAYS_MS[Math.min(this.attempts - 1, RETRY_DELAYS_MS.length - 1)]);
      return false;
    }
    const hadFailed = this.attempts > 0;
    const waiting = [...this.waiting];
    const attempts = this.attempts;
    this.attempts = 0;
    this.waiting.clear();
    this.told.clear();
    this.cancel?.();
    this.cancel = null;
    if (hadFailed) {
      await this.deps.setDue(false, []);
      await this.deps.recovered(waiting, attempts + 1);
    }
    return true;
  }

  private plan(ms: number): void {
    if (this.stopped || this.cancel) return;
    this.cancel = this.deps.schedule(() => {
      this.cancel = null;
      void this.tryOnce().catch(() => undefined);
    }, ms);
  }
}
