/**
 * Greedy left-to-right averaged-perceptron tagger (the decoder of scripts/train-model.mjs).
 * Weights ship as a compact text module (src/model/weights.ts), so the model loads without any
 * file or network access, in Node and in the browser.
 *
 * Format: first line `v1 <labels> <scale> <oBias> [<ruleBias> [<b0,b1,…,bK-1>]]` (the optional
 * comma list is a per-label bias added to each label's score, calibrated on cross-validation);
 * then one line per feature:
 * `<feature>\t<w0> <w1> … <wK>` with integer weights (divide by scale).
 *
 * At run time (tagAtoms) no feature string is built: every atom of a token (shape, dictionary
 * class, neighbour word, chunk …) is hashed once into two independent 32-bit hashes, a feature's
 * key is the template id mixed with the hashes of its parts, and the weights sit in one flat
 * Float32Array found through an open-addressing table of those 64-bit keys (a compact layout: the
 * Map-of-Float32Array version spent most of its time on cache misses). The constructor checks
 * that no two shipped features share a key.
 */
import { LABELS, ruleAt, wordAt, type TokenAtoms } from './features';

const K = LABELS.length;

const P1 = LABELS.map((_, k) => String(k));
const P2 = LABELS.map((_, a) => LABELS.map((__, b) => a + '|' + b));

/** Features of the two previous predicted labels, as (template, value) pairs like tokenFeatures. */
export function prevFeatures(p1: number, p2: number, dc: string): string[] {
  return ['p1', P1[p1], 'p2', P2[p2][p1], 'p1|d', P1[p1] + dc];
}

// ---- hashing (two independent 32-bit lanes)
/**
 * Math.imul without the global look-up: under jest (and other vm contexts) `Math` is an ordinary
 * global property, so `Math.imul` is not inlined and a scan spent most of its time calling it.
 */
function mul32(a: number, b: number): number {
  const aLo = a & 0xffff,
    aHi = (a >>> 16) & 0xffff,
    bLo = b & 0xffff,
    bHi = (b >>> 16) & 0xffff;
  return (aLo * bLo + (((aHi * bLo + aLo * bHi) << 16) >>> 0)) | 0;
}
function hashA(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = mul32(h, 0x01000193);
  }
  return h | 0;
}
function hashB(s: string): number {
  let h = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    h = mul32(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 13;
  }
  return h | 0;
}
function mixA(h: number, x: number): number {
  h = mul32(h ^ x, 0x85ebca6b);
  return (h ^ (h >>> 16)) | 0;
}
function mixB(h: number, x: number): number {
  h = mul32((h + x) | 0, 0xc2b2ae35);
  return (h ^ (h >>> 13)) | 0;
}

type Split = (v: string) => string[];
const whole: Split = (v) => [v];
const lastChar: Split = (v) => [v.slice(0, -1), v.slice(-1)];
const firstChar: Split = (v) => [v.slice(0, 1), v.slice(1)];
const firstBar: Split = (v) => {
  const k = v.indexOf('|');
  return k < 0 ? ['', v] : [v.slice(0, k), v.slice(k + 1)];
};
const lastBar: Split = (v) => {
  const k = v.lastIndexOf('|');
  return k < 0 ? ['', v] : [v.slice(0, k), v.slice(k + 1)];
};
const barThenLastChar: Split = (v) => {
  const [x, rest] = firstBar(v);
  return [x, ...lastChar(rest)];
};

/** Templates (as written by featuresOfAtoms / prevFeatures) and how their values split into parts. */
const TEMPLATES: Array<[string, Split]> = [
  ['b', whole],
  ['s', whole],
  ['s|l', lastChar],
  ['d', whole],
  ['d|l', lastChar],
  ['r', whole],
  ['r|l', whole],
  ['r|d', firstChar],
  ['ch', whole],
  ['pos', whole],
  ['len', whole],
  ['r-1', whole],
  ['r+1', whole],
  ['w-1', whole],
  ['w+1', whole],
  ['w-2', whole],
  ['w+2', whole],
  ['d-1', whole],
  ['d+1', whole],
  ['s-1|s+1', firstBar],
  ['w-1|s', firstBar],
  ['s|w+1', firstBar],
  ['ls', whole],
  ['gb', whole],
  ['ga', whole],
  ['pw', whole],
  ['nw', whole],
  ['pw|d', firstBar],
  ['d|nw', firstBar],
  ['w-1|d', firstBar],
  ['w-2|w-1', firstBar],
  ['pw|s|l', barThenLastChar],
  ['ch|pw', lastBar],
  ['ch|nw', lastBar],
  ['d-2', whole],
  ['d+2', whole],
  ['d-1|d', firstBar],
  ['d|d+1', lastBar],
  ['lp|d', firstBar],
  ['w', whole],
  ['w|l', lastChar],
  ['hdr', whole],
  ['p1', whole],
  ['p2', whole],
  ['p1|d', firstChar],
];
const TPL_ID = new Map(TEMPLATES.map(([t], i) => [t, i]));
const SEED_A = Int32Array.from(TEMPLATES, (_, i) => mixA(0x3c6ef372, i + 1));
const SEED_B = Int32Array.from(TEMPLATES, (_, i) => mixB(0x1b873593, i + 1));
const P1A = Int32Array.from(P1, hashA),
  P1B = Int32Array.from(P1, hashB);
const P2A = Int32Array.from(P2.flat(), hashA),
  P2B = Int32Array.from(P2.flat(), hashB);
// template ids in TEMPLATES order (plain numbers, so the hot loop does no property look-up)
const [
  tB,
  tS,
  tSL,
  tD,
  tDL,
  tR,
  tRL,
  tRD,
  tCH,
  tPOS,
  tLEN,
  tRM1,
  tRP1,
  tWM1,
  tWP1,
  tWM2,
  tWP2,
  tDM1,
  tDP1,
  tSS,
  tWM1S,
  tSWP1,
  tLS,
  tGB,
  tGA,
  tPW,
  tNW,
  tPWD,
  tDNW,
  tWM1D,
  tWM2WM1,
  tPWSL,
  tCHPW,
  tCHNW,
  tDM2,
  tDP2,
  tDD,
  tDDP,
  tLPD,
  tW,
  tWL,
  tHDR,
  tP1,
  tP2,
  tP1D,
] = TEMPLATES.map((_, i) => i);

/**
 * Add the weights of key (a, b), if shipped, to the scores of the token at offset o. The table is
 * `[keyA, row + 1]` per slot (8 bytes: probing touches half the memory of a 3-word slot), then
 * keyB per row after the slots (read only when keyA matches).
 */
function addKey(S: Float32Array, o: number, rows: Float32Array, slots: Int32Array, mask: number, a: number, b: number): void {
  let s = a & mask;
  for (;;) {
    const r = slots[s * 2 + 1];
    if (r === 0) return;
    if (slots[s * 2] === a && slots[(mask + 1) * 2 + r - 1] === b) {
      const q = (r - 1) * K;
      for (let k = 0; k < K; k++) S[o + k] += rows[q + k];
      return;
    }
    s = (s + 1) & mask;
  }
}

/**
 * Exact per-signature memo of a token's partial score (K floats), keyed by a 64-bit signature of
 * the atoms the cached features read. A hit copies the very Float32 values the same additions in
 * the same order gave before, so labels are identical with and without it. Cleared when half full.
 */
class ScoreCache {
  private readonly keys: Int32Array;
  private readonly used: Uint8Array;
  private readonly vals: Float32Array;
  private readonly mask: number;
  private count = 0;
  constructor(bits: number) {
    const size = 1 << bits;
    this.mask = size - 1;
    this.keys = new Int32Array(size * 2);
    this.used = new Uint8Array(size);
    this.vals = new Float32Array(size * K);
  }
  /** Make room for up to n insertions without wrapping into a full table. */
  reserve(n: number): void {
    if (this.count + Math.min(n, this.mask >> 2) > this.mask >> 1) {
      this.used.fill(0);
      this.count = 0;
    }
  }
  /** Copy the cached scores of (a, b) into S at o; false when absent. */
  get(a: number, b: number, S: Float32Array, o: number): boolean {
    let s = a & this.mask;
    while (this.used[s]) {
      if (this.keys[s * 2] === a && this.keys[s * 2 + 1] === b) {
        const q = s * K;
        for (let k = 0; k < K; k++) S[o + k] = this.vals[q + k];
        return true;
      }
      s = (s + 1) & this.mask;
    }
    return false;
  }
  /** Remember S[o, o + K) under (a, b) (absent keys only; stops caching when the table is half full). */
  put(a: number, b: number, S: Float32Array, o: number): void {
    if (this.count >= this.mask >> 1) return;
    let s = a & this.mask;
    while (this.used[s]) s = (s + 1) & this.mask;
    this.used[s] = 1;
    this.keys[s * 2] = a;
    this.keys[s * 2 + 1] = b;
    const q = s * K;
    for (let k = 0; k < K; k++) this.vals[q + k] = S[o + k];
    this.count++;
  }
}

const FULL_TRIAL = 16;
const FULL_WINDOW = 512;

/** Add row r - 1 of the weights (r = 0: no feature) to the scores of the token at offset o. */
function addRow(S: Float32Array, o: number, rows: Float32Array, r: number): void {
  if (r === 0) return;
  const q = (r - 1) * K;
  for (let k = 0; k < K; k++) S[o + k] += rows[q + k];
}

export class Tagger {
  /** partial scores of the token-local features (b … len), by signature of the token's own atoms */
  private readonly localCache = new ScoreCache(13);
  /** the whole static score, by signature of every atom its features read (pays off on repetitive text) */
  private readonly fullCache = new ScoreCache(13);
  private readonly data: string;
  /** template -> value -> weights per label (string path, built on first use of `tag`) */
  private w: Map<string, Map<string, Float32Array>> | undefined;
  /** open-addressing table: [keyA, row + 1] per slot, then keyB per row (see addKey) */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** weights, K per row */
  private readonly rows: Float32Array;
  private count = 0;
  /** row + 1 of the previous-label features p1=a (index a) and p2=b|a (index b * K + a), 0 when absent */
  private readonly p1Row = new Int32Array(K);
  private readonly p2Row = new Int32Array(K * K);
  /** added to the O score: negative values trade precision for recall */
  oBias: number;
  /** added to the O score of tokens the rule pass flagged: the rules act as a prior the model must overcome */
  ruleBias: number;
  /** added to each label's score (per-type decision thresholds; all zero when the header has none) */
  readonly labelBias: Float32Array;

  constructor(data: string) {
    this.data = data;
    const lines = data.split('\n');
    const head = lines[0].split(' ');
    if (head[0] !== 'v1' || Number(head[1]) !== K) throw new Error('deid model: unexpected weights format');
    const scale = Number(head[2]);
    this.oBias = Number(head[3]);
    this.ruleBias = Number(head[4] ?? 0);
    this.labelBias = new Float32Array(K);
    if (head[5]) {
      const b = head[5].split(',').map(Number);
      if (b.length !== K || b.some((x) => !Number.isFinite(x))) throw new Error('deid model: bad label biases');
      this.labelBias.set(b);
    }
    let size = 1024;
    while (size < lines.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 2 + lines.length);
    this.rows = new Float32Array(lines.length * K);
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      const key = line.slice(0, tab);
      const eq = key.indexOf('=');
      const tpl = eq < 0 ? key : key.slice(0, eq);
      const val = eq < 0 ? '' : key.slice(eq + 1);
      const t = TPL_ID.get(tpl);
      if (t === undefined) throw new Error(`deid model: unknown feature template ${tpl}`);
      let a = SEED_A[t],
        b = SEED_B[t];
      for (const part of TEMPLATES[t][1](val)) {
        a = mixA(a, hashA(part));
        b = mixB(b, hashB(part));
      }
      const row = this.count++;
      const parts = line.slice(tab + 1).split(' ');
      for (let k = 0; k < K; k++) this.rows[row * K + k] = Number(parts[k]) / scale;
      if (this.rowOf(a, b) !== 0) throw new Error('deid model: feature key collision');
      let s = a & this.mask;
      while (this.slots[s * 2 + 1] !== 0) s = (s + 1) & this.mask;
      this.slots[s * 2] = a;
      this.slots[s * 2 + 1] = row + 1;
      this.slots[size * 2 + row] = b;
    }
    for (let a = 0; a < K; a++) {
      this.p1Row[a] = this.rowOf(mixA(SEED_A[tP1], P1A[a]), mixB(SEED_B[tP1], P1B[a]));
      for (let b = 0; b < K; b++) this.p2Row[b * K + a] = this.rowOf(mixA(SEED_A[tP2], P2A[b * K + a]), mixB(SEED_B[tP2], P2B[b * K + a]));
    }
  }

  /** Row + 1 of the feature with key (a, b), or 0 when it is not shipped. */
  private rowOf(a: number, b: number): number {
    let s = a & this.mask;
    for (;;) {
      const r = this.slots[s * 2 + 1];
      if (r === 0 || (this.slots[s * 2] === a && this.slots[(this.mask + 1) * 2 + r - 1] === b)) return r;
      s = (s + 1) & this.mask;
    }
  }

  get size(): number {
    return this.count;
  }

  /**
   * The same labels as `tag(featuresOfAtoms(a), …)` without building feature strings (see the
   * header). Per token the weights are added in the same order, so the floats are identical.
   */
  tagAtoms(at: TokenAtoms, rule?: Uint8Array): Uint8Array {
    const { n } = at;
    // per-token atom hashes, both lanes; neighbour values include the sentinels
    const hs = (vals: string[]): [Int32Array, Int32Array] => {
      const A = new Int32Array(vals.length),
        B = new Int32Array(vals.length);
      for (let i = 0; i < vals.length; i++) {
        A[i] = hashA(vals[i]);
        B[i] = hashB(vals[i]);
      }
      return [A, B];
    };
    // word values for k in [-2, n+2): index k + 2
    const wvals = new Array<string>(n + 4);
    for (let k = -2; k < n + 2; k++) wvals[k + 2] = wordAt(at, k);
    const rvals = new Array<string>(n + 2);
    for (let k = -1; k <= n; k++) rvals[k + 1] = ruleAt(at, k);
    const dvals = new Array<string>(n + 2);
    dvals[0] = '^';
    dvals[n + 1] = '$';
    for (let k = 0; k < n; k++) dvals[k + 1] = at.dc[k];
    const svals = new Array<string>(n + 2);
    svals[0] = '^';
    svals[n + 1] = '$';
    for (let k = 0; k < n; k++) svals[k + 1] = at.sh[k];
    const rl = new Array<string>(n),
      ls = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      rl[i] = at.rule[i] + at.lc[i];
      ls[i] = at.lineStart[i] + at.lc[i];
    }
    const [WA, WB] = hs(wvals),
      [RA, RB] = hs(rvals),
      [DA, DB] = hs(dvals),
      [SA, SB] = hs(svals);
    const [LA, LB] = hs(at.lc),
      [CA, CB] = hs(at.chunk),
      [IA, IB] = hs(at.id),
      [GA, GB] = hs(at.gap);
    const [PA, PB] = hs(at.pos),
      [NA, NB] = hs(at.len),
      [HA, HB] = hs(at.hdr),
      [RLA, RLB] = hs(rl),
      [LSA, LSB] = hs(ls),
      [LPA, LPB] = hs(at.lp);

    const S = new Float32Array(n * K);
    const rows = this.rows,
      slots = this.slots,
      mask = this.mask;
    const hEmptyA = hashA(''),
      hEmptyB = hashB('');
    const local = this.localCache,
      full = this.fullCache;
    local.reserve(n);
    full.reserve(n);
    // full-signature look-ups pay off on repetitive text only (a miss costs ~2/3 of a token's
    // look-ups): each window of FULL_WINDOW tokens tries them on its first FULL_TRIAL tokens and
    // keeps them for the rest of the window only if at least a quarter of those hit
    let win = 0,
      tries = 0,
      hits = 0,
      useFull = true;
    // same order as featuresOfAtoms
    for (let i = 0; i < n; i++) {
      if (win === FULL_TRIAL) useFull = hits * 4 >= tries;
      if (win === FULL_WINDOW) {
        win = tries = hits = 0;
        useFull = true;
      }
      win++;
      const o = i * K;
      const w = i + 2,
        r = i + 1,
        d = i + 1,
        s = i + 1;
      const pw = at.pw[i] + 2,
        nw = at.nw[i] + 2;
      const dm2 = d - 2 < 0 ? 0 : d - 2,
        dp2 = d + 2 > n + 1 ? n + 1 : d + 2;
      // signature of the token-local atoms (the first features below read nothing else)
      let la = mixA(mixA(mixA(mixA(mixA(mixA(mixA(0x6a09e667, SA[s]), LA[i]), DA[d]), RA[r]), RLA[i]), CA[i]), PA[i]);
      la = mixA(la, NA[i]);
      let lb = mixB(mixB(mixB(mixB(mixB(mixB(mixB(0x3c6ef372, SB[s]), LB[i]), DB[d]), RB[r]), RLB[i]), CB[i]), PB[i]);
      lb = mixB(lb, NB[i]);
      let fa = 0,
        fb = 0;
      if (useFull) {
        // signature of every atom a static feature of this token reads
        fa = mixA(mixA(mixA(mixA(mixA(mixA(mixA(la, RA[r - 1]), RA[r + 1]), WA[w - 1]), WA[w + 1]), WA[w - 2]), WA[w + 2]), DA[d - 1]);
        fa = mixA(mixA(mixA(mixA(mixA(mixA(mixA(fa, DA[d + 1]), SA[s - 1]), SA[s + 1]), LSA[i]), GA[i]), GA[i + 1]), WA[pw]);
        fa = mixA(mixA(mixA(mixA(mixA(mixA(mixA(fa, WA[nw]), DA[dm2]), DA[dp2]), LPA[i]), IA[i]), HA[i]), at.id[i] ? 1 : 0);
        fa = mixA(fa, at.hdr[i] ? 1 : 0);
        fb = mixB(mixB(mixB(mixB(mixB(mixB(mixB(lb, RB[r - 1]), RB[r + 1]), WB[w - 1]), WB[w + 1]), WB[w - 2]), WB[w + 2]), DB[d - 1]);
        fb = mixB(mixB(mixB(mixB(mixB(mixB(mixB(fb, DB[d + 1]), SB[s - 1]), SB[s + 1]), LSB[i]), GB[i]), GB[i + 1]), WB[pw]);
        fb = mixB(mixB(mixB(mixB(mixB(mixB(mixB(fb, WB[nw]), DB[dm2]), DB[dp2]), LPB[i]), IB[i]), HB[i]), at.id[i] ? 1 : 0);
        fb = mixB(fb, at.hdr[i] ? 1 : 0);
        tries++;
        if (full.get(fa, fb, S, o)) {
          hits++;
          continue;
        }
      }
      if (!local.get(la, lb, S, o)) {
        addKey(S, o, rows, slots, mask, mixA(SEED_A[tB], hEmptyA), mixB(SEED_B[tB], hEmptyB));
        addKey(S, o, rows, slots, mask, mixA(SEED_A[tS], SA[s]), mixB(SEED_B[tS], SB[s]));
        addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tSL], SA[s]), LA[i]), mixB(mixB(SEED_B[tSL], SB[s]), LB[i]));
        addKey(S, o, rows, slots, mask, mixA(SEED_A[tD], DA[d]), mixB(SEED_B[tD], DB[d]));
        addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tDL], DA[d]), LA[i]), mixB(mixB(SEED_B[tDL], DB[d]), LB[i]));
        addKey(S, o, rows, slots, mask, mixA(SEED_A[tR], RA[r]), mixB(SEED_B[tR], RB[r]));
        addKey(S, o, rows, slots, mask, mixA(SEED_A[tRL], RLA[i]), mixB(SEED_B[tRL], RLB[i]));
        addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tRD], RA[r]), DA[d]), mixB(mixB(SEED_B[tRD], RB[r]), DB[d]));
        addKey(S, o, rows, slots, mask, mixA(SEED_A[tCH], CA[i]), mixB(SEED_B[tCH], CB[i]));
        addKey(S, o, rows, slots, mask, mixA(SEED_A[tPOS], PA[i]), mixB(SEED_B[tPOS], PB[i]));
        addKey(S, o, rows, slots, mask, mixA(SEED_A[tLEN], NA[i]), mixB(SEED_B[tLEN], NB[i]));
        local.put(la, lb, S, o);
      }
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tRM1], RA[r - 1]), mixB(SEED_B[tRM1], RB[r - 1]));
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tRP1], RA[r + 1]), mixB(SEED_B[tRP1], RB[r + 1]));
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tWM1], WA[w - 1]), mixB(SEED_B[tWM1], WB[w - 1]));
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tWP1], WA[w + 1]), mixB(SEED_B[tWP1], WB[w + 1]));
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tWM2], WA[w - 2]), mixB(SEED_B[tWM2], WB[w - 2]));
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tWP2], WA[w + 2]), mixB(SEED_B[tWP2], WB[w + 2]));
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tDM1], DA[d - 1]), mixB(SEED_B[tDM1], DB[d - 1]));
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tDP1], DA[d + 1]), mixB(SEED_B[tDP1], DB[d + 1]));
      addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tSS], SA[s - 1]), SA[s + 1]), mixB(mixB(SEED_B[tSS], SB[s - 1]), SB[s + 1]));
      addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tWM1S], WA[w - 1]), SA[s]), mixB(mixB(SEED_B[tWM1S], WB[w - 1]), SB[s]));
      addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tSWP1], SA[s]), WA[w + 1]), mixB(mixB(SEED_B[tSWP1], SB[s]), WB[w + 1]));
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tLS], LSA[i]), mixB(SEED_B[tLS], LSB[i]));
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tGB], GA[i]), mixB(SEED_B[tGB], GB[i]));
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tGA], GA[i + 1]), mixB(SEED_B[tGA], GB[i + 1]));
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tPW], WA[pw]), mixB(SEED_B[tPW], WB[pw]));
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tNW], WA[nw]), mixB(SEED_B[tNW], WB[nw]));
      addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tPWD], WA[pw]), DA[d]), mixB(mixB(SEED_B[tPWD], WB[pw]), DB[d]));
      addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tDNW], DA[d]), WA[nw]), mixB(mixB(SEED_B[tDNW], DB[d]), WB[nw]));
      addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tWM1D], WA[w - 1]), DA[d]), mixB(mixB(SEED_B[tWM1D], WB[w - 1]), DB[d]));
      addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tWM2WM1], WA[w - 2]), WA[w - 1]), mixB(mixB(SEED_B[tWM2WM1], WB[w - 2]), WB[w - 1]));
      addKey(
        S,
        o,
        rows,
        slots,
        mask,
        mixA(mixA(mixA(SEED_A[tPWSL], WA[pw]), SA[s]), LA[i]),
        mixB(mixB(mixB(SEED_B[tPWSL], WB[pw]), SB[s]), LB[i]),
      );
      addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tCHPW], CA[i]), WA[pw]), mixB(mixB(SEED_B[tCHPW], CB[i]), WB[pw]));
      addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tCHNW], CA[i]), WA[nw]), mixB(mixB(SEED_B[tCHNW], CB[i]), WB[nw]));
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tDM2], DA[dm2]), mixB(SEED_B[tDM2], DB[dm2]));
      addKey(S, o, rows, slots, mask, mixA(SEED_A[tDP2], DA[dp2]), mixB(SEED_B[tDP2], DB[dp2]));
      addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tDD], DA[d - 1]), DA[d]), mixB(mixB(SEED_B[tDD], DB[d - 1]), DB[d]));
      addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tDDP], DA[d]), DA[d + 1]), mixB(mixB(SEED_B[tDDP], DB[d]), DB[d + 1]));
      addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tLPD], LPA[i]), DA[d]), mixB(mixB(SEED_B[tLPD], LPB[i]), DB[d]));
      if (at.id[i]) {
        addKey(S, o, rows, slots, mask, mixA(SEED_A[tW], IA[i]), mixB(SEED_B[tW], IB[i]));
        addKey(S, o, rows, slots, mask, mixA(mixA(SEED_A[tWL], IA[i]), LA[i]), mixB(mixB(SEED_B[tWL], IB[i]), LB[i]));
      }
      if (at.hdr[i]) addKey(S, o, rows, slots, mask, mixA(SEED_A[tHDR], HA[i]), mixB(SEED_B[tHDR], HB[i]));
      if (useFull) full.put(fa, fb, S, o);
    }
    // greedy decoding: the previous-label features, then the O bias and the per-label biases
    const lb = this.labelBias;
    const out = new Uint8Array(n);
    // rows of p1|d for each previous label, per dictionary class (a handful of classes per text)
    const p1d = new Map<string, Int32Array>();
    let p1 = 0,
      p2 = 0;
    for (let i = 0; i < n; i++) {
      const o = i * K;
      addRow(S, o, rows, this.p1Row[p1]);
      addRow(S, o, rows, this.p2Row[p2 * K + p1]);
      let pd = p1d.get(at.dc[i]);
      if (!pd) {
        pd = new Int32Array(K);
        for (let a = 0; a < K; a++)
          pd[a] = this.rowOf(mixA(mixA(SEED_A[tP1D], P1A[a]), DA[i + 1]), mixB(mixB(SEED_B[tP1D], P1B[a]), DB[i + 1]));
        p1d.set(at.dc[i], pd);
      }
      addRow(S, o, rows, pd[p1]);
      S[o] += this.oBias + (rule && rule[i] ? this.ruleBias : 0);
      for (let k = 0; k < K; k++) S[o + k] += lb[k];
      let best = 0;
      for (let k = 1; k < K; k++) if (S[o + k] > S[o + best]) best = k;
      out[i] = best;
      p2 = p1;
      p1 = best;
    }
    return out;
  }

  /** Labels (indexes into LABELS) for each token from (template, value) string pairs (the training script's path). */
  tag(feats: string[][], dcOf: (i: number) => string, rule?: Uint8Array): Uint8Array {
    const n = feats.length;
    const out = new Uint8Array(n);
    const score = new Float32Array(K);
    let p1 = 0,
      p2 = 0;
    for (let i = 0; i < n; i++) {
      score.fill(0);
      const f = feats[i];
      for (let q = 0; q < f.length; q += 2) this.add(score, f[q], f[q + 1]);
      const pf = prevFeatures(p1, p2, dcOf(i));
      for (let q = 0; q < pf.length; q += 2) this.add(score, pf[q], pf[q + 1]);
      score[0] += this.oBias + (rule && rule[i] ? this.ruleBias : 0);
      for (let k = 0; k < K; k++) score[k] += this.labelBias[k];
      let best = 0;
      for (let k = 1; k < K; k++) if (score[k] > score[best]) best = k;
      out[i] = best;
      p2 = p1;
      p1 = best;
    }
    return out;
  }

  private add(score: Float32Array, tpl: string, val: string): void {
    const v = this.strings().get(tpl)?.get(val);
    if (!v) return;
    for (let k = 0; k < K; k++) score[k] += v[k];
  }

  private strings(): Map<string, Map<string, Float32Array>> {
    if (this.w) return this.w;
    const w = new Map<string, Map<string, Float32Array>>();
    const lines = this.data.split('\n');
    const scale = Number(lines[0].split(' ')[2]);
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
      let m = w.get(tpl);
      if (!m) {
        m = new Map();
        w.set(tpl, m);
      }
      m.set(eq < 0 ? '' : key.slice(eq + 1), v);
    }
    this.w = w;
    return w;
  }
}
