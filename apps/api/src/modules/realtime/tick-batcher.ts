/**
 * Coalesces the reads a reconnect storm makes: every `load(key)` asked during one turn
 * of the event loop is answered by one `fetchMany` of the distinct keys, started after the last of
 * them was asked (setImmediate), so no caller ever gets data read before it asked — batching, not
 * caching: nothing is kept after the answer, and there is nothing to invalidate.
 *
 * Why not the `dataloader` package: with `cache: false` it hands duplicate keys to the batch (a
 * storm of 2,000 sockets on one case would read it 2,000 times), and with its cache on, a caller
 * arriving while a batch is in flight gets that batch's promise, i.e. data read before it asked
 * (an access grant written in between would be missed). Keeping both properties takes this much code.
 */
export class TickBatcher<K, V> {
  private pending = new Map<K, { resolve: (v: V) => void; reject: (err: unknown) => void }[]>();
  private scheduled = false;

  /** `fetchMany` answers for every key it was given (a missing one is `undefined` in the map). */
  constructor(
    private readonly fetchMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly maxBatch = 1000,
  ) {}

  load(key: K): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      const waiting = this.pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = new Map();
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += this.maxBatch) {
      const chunk = keys.slice(i, i + this.maxBatch);
      this.fetchMany(chunk).then(
        (found) => {
          for (const k of chunk) for (const w of batch.get(k)!) w.resolve(found.get(k) as V);
        },
        (err: unknown) => {
          for (const k of chunk) for (const w of batch.get(k)!) w.reject(err);
        },
      );
    }
  }
}
