/**
 * Greedy left-to-right averaged-perceptron tagger (the decoder of scripts/train-model.mjs).
 * Weights ship as a compact text module (src/model/weights.ts), so the model loads without any
 * file or network access, in Node and in the browser.
 *
 * Format: first line `v1 <labels> <scale> <oBias> [<ruleBias>]`; then one line per feature:
 * `<feature>\t<w0> <w1> … <wK>` with integer weights (divide by scale).
 */
import { LABELS } from './features';

const K = LABELS.length;

const P1 = LABELS.map((_, k) => String(k));
const P2 = LABELS.map((_, a) => LABELS.map((__, b) => a + '|' + b));

/** Features of the two previous predicted labels, as (template, value) pairs like tokenFeatures. */
export function prevFeatures(p1: number, p2: number, dc: string): string[] {
  return ['p1', P1[p1], 'p2', P2[p2][p1], 'p1|d', P1[p1] + dc];
}

export class Tagger {
  /** template -> value -> weights per label */
  private readonly w = new Map<string, Map<string, Float32Array>>();
  private count = 0;
  /** added to the O score: negative values trade precision for recall */
  oBias: number;
  /** added to the O score of tokens the rule pass flagged: the rules act as a prior the model must overcome */
  ruleBias: number;

  constructor(data: string) {
    const lines = data.split('\n');
    const head = lines[0].split(' ');
    if (head[0] !== 'v1' || Number(head[1]) !== K) throw new Error('deid model: unexpected weights format');
    const scale = Number(head[2]);
    this.oBias = Number(head[3]);
    this.ruleBias = Number(head[4] ?? 0);
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      const v = new Float32Array(K);
      const parts = line.slice(tab + 1).split(' ');
      for (let k = 0; k < K; k++) v[k] = Number(parts[k]) / scale;
      const key = line.slice(0, tab);
      const eq = key.indexOf('=');
      const tpl = eq < 0 ? key : key.slice(0, eq);
      const val = eq < 0 ? '' : key.slice(eq + 1);
      let m = this.w.get(tpl);
      if (!m) { m = new Map(); this.w.set(tpl, m); }
      m.set(val, v);
      this.count++;
    }
  }

  get size(): number { return this.count; }

  /** Labels (indexes into LABELS) for each token; `dcOf(i)` is the token's dictionary class. */
  tag(feats: string[][], dcOf: (i: number) => string, rule?: Uint8Array): Uint8Array {
    const n = feats.length;
    const out = new Uint8Array(n);
    const score = new Float32Array(K);
    let p1 = 0, p2 = 0;
    for (let i = 0; i < n; i++) {
      score.fill(0);
      const f = feats[i];
      for (let q = 0; q < f.length; q += 2) this.add(score, f[q], f[q + 1]);
      const pf = prevFeatures(p1, p2, dcOf(i));
      for (let q = 0; q < pf.length; q += 2) this.add(score, pf[q], pf[q + 1]);
      score[0] += this.oBias + (rule && rule[i] ? this.ruleBias : 0);
      let best = 0;
      for (let k = 1; k < K; k++) if (score[k] > score[best]) best = k;
      out[i] = best;
      p2 = p1;
      p1 = best;
    }
    return out;
  }

  private add(score: Float32Array, tpl: string, val: string): void {
    const v = this.w.get(tpl)?.get(val);
    if (!v) return;
    for (let k = 0; k < K; k++) score[k] += v[k];
  }
}
