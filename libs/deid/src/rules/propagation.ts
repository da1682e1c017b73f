/**
 * Propagation: a surname after name particles, and every other mention of a name found anywhere in
 * the text (as NLM Scrubber does with header data), with the relation it was introduced by.
 */
import type { RuleContext } from './context';

/** surname after particles: "Maria de la Cruz", "Pieter van der Berg" */
export function particleSurnames(c: RuleContext): void {
  const { toks, W, labels, vocab, nextWord, gap, set } = c;
  for (const i of W) {
    if (labels[i]?.type !== 'NAME') continue;
    let j = nextWord(i);
    let k = i;
    let hops = 0;
    while (
      j >= 0 &&
      hops < 3 &&
      toks[j].lower &&
      /^(?:de|del|della|der|den|di|da|dos|das|du|la|le|van|von|bin|ibn|bint|al|el|ter|ten|y)$/.test(toks[j].lo) &&
      /^\s+$/.test(gap(k, j))
    ) {
      k = j;
      j = nextWord(j);
      hops++;
    }
    if (hops > 0 && j >= 0 && toks[j].cap && /^\s+$/.test(gap(k, j)) && !vocab.hardSafe(toks[j].lo)) set(j, 'NAME', labels[i]!.prio);
  }
}

/** every other mention of a detected name; mentions of a relative named in an appositive learn the relation */
export function propagateNames(c: RuleContext): void {
  const { toks, W, labels, prot, masked, vocab, set, isInitial } = c;
  const names = new Map<string, { eng: boolean; rel?: string }>();
  for (const i of W) {
    const l = labels[i];
    if (!l || l.type !== 'NAME' || toks[i].s.length < 2 || isInitial(i)) continue;
    const t = toks[i];
    if (vocab.hardSafe(t.lo)) continue;
    const key = vocab.isEng(t.lo) ? t.s : t.lo;
    const prev = names.get(key);
    names.set(key, { eng: vocab.isEng(t.lo), rel: prev?.rel ?? l.rel });
  }
  for (const i of W) {
    if (labels[i] || masked[i] || prot[i] === 1) continue;
    const t = toks[i];
    const hitCase = names.get(t.s);
    const hitAny = names.get(t.lo);
    if ((hitCase && t.cap) || (hitAny && !hitAny.eng)) set(i, 'NAME', 52, (hitCase ?? hitAny)?.rel);
  }
  // other mentions of a relative named in an appositive ("his daughter, Carla" ... "Carla asked") learn the relation
  for (const i of W) {
    const l = labels[i];
    if (!l || l.type !== 'NAME' || l.appos || l.rel) continue;
    const t = toks[i];
    const hit = names.get(vocab.isEng(t.lo) ? t.s : t.lo);
    if (hit?.rel) l.rel = hit.rel;
  }
}
