import { CompactionRetry, RETRY_DELAYS_MS, type CompactionDeps } from './compaction';

/** A fake clock and a compaction that fails a given number of times. */
function harness(failures: number) {
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const events: string[] = [];
  let left = failures;
  const deps: CompactionDeps = {
    compact: () => (left-- > 0 ? Promise.reject(new Error('disk busy')) : Promise.resolve()),
    setDue: (due, waiting) => {
      events.push(`due:${due}:${waiting.join(',')}`);
      return Promise.resolve();
    },
    failed: (fresh, attempt, error) => {
      events.push(`failed:${attempt}:${fresh.join(',')}:${error}`);
      return Promise.resolve();
    },
    recovered: (waiting, attempts) => {
      events.push(`recovered:${attempts}:${waiting.join(',')}`);
      return Promise.resolve();
    },
    schedule: (fn, ms) => {
      const t = { fn, ms, cancelled: false };
      timers.push(t);
      return () => (t.cancelled = true);
    },
  };
  const fire = async () => {
    const t = timers.find((x) => !x.cancelled && x.fn);
    if (!t) throw new Error('no timer');
    t.cancelled = true;
    t.fn();
    await new Promise((r) => setImmediate(r));
  };
  return { deps, events, timers, fire };
}

describe('compaction after a purge (never silently ignored)', () => {
  it('compacts at once when it can, and owes nothing', async () => {
    const h = harness(0);
    const r = new CompactionRetry(h.deps);
    expect(await r.request('mod1')).toBe('compacted');
    expect(h.events).toEqual([]);
    expect(r.pending).toBe(false);
  });

  it('reports a failure to the moderator, records the debt, retries with growing delays, and reports success', async () => {
    const h = harness(2);
    const r = new CompactionRetry(h.deps);
    expect(await r.request('mod1')).toBe('retrying');
    expect(h.events).toEqual(['due:true:mod1', 'failed:1:mod1:disk busy']);
    expect(r.pending).toBe(true);
    expect(h.timers[0].ms).toBe(RETRY_DELAYS_MS[0]);
    // a second purge meanwhile: its moderator is told too, the first is not told twice
    expect(await r.request('mod2')).toBe('retrying');
    expect(h.events.slice(2)).toEqual(['due:true:mod1,mod2', 'failed:2:mod2:disk busy']);
    await h.fire();
    expect(h.events.slice(4)).toEqual(['due:false:', 'recovered:3:mod1,mod2']);
    expect(r.pending).toBe(false);
  });

  it('resumes a debt recorded before a restart', async () => {
    const h = harness(0);
    const r = new CompactionRetry(h.deps);
    r.resume(['mod1']);
    expect(h.timers[0].ms).toBe(0);
    await h.fire();
    expect(r.pending).toBe(false);
  });

  it('keeps retrying at the longest delay until it succeeds', async () => {
    const h = harness(RETRY_DELAYS_MS.length + 2);
    const r = new CompactionRetry(h.deps);
    await r.request('mod1');
    for (let i = 0; i < RETRY_DELAYS_MS.length + 1; i++) await h.fire();
    expect(h.timers.map((t) => t.ms).slice(-2)).toEqual([RETRY_DELAYS_MS.at(-1), RETRY_DELAYS_MS.at(-1)]);
    await h.fire();
    expect(h.events.at(-1)).toBe(`recovered:${RETRY_DELAYS_MS.length + 3}:mod1`);
    expect(h.events.filter((e) => e.startsWith('failed') && e.includes(':mod1:'))).toHaveLength(1);
  });
});
