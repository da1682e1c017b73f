/**
 * An ordered list of entries stored in blocks of bounded size (a one-level B-tree): seek is a
 * binary search over block boundaries then within a block, insert/remove move at most one block,
 * so index maintenance stays cheap at millions of entries.
 */
const MAX_BLOCK = 512;

export interface Pos {
  b: number;
  i: number;
}

export class SortedList<T> {
  private blocks: T[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /**
   * Position of the first entry e with cmp(e) >= 0 (cmp must be monotonic: negative for entries
   * before the target, non-negative from it on). Returns the end position when there is none.
   */
  seek(cmp: (e: T) => number): Pos {
    const blocks = this.blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const blk = blocks[mid];
      if (cmp(blk[blk.length - 1]) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo === blocks.length) return { b: lo, i: 0 };
    const blk = blocks[lo];
    let l = 0;
    let h = blk.length;
    while (l < h) {
      const m = (l + h) >>> 1;
      if (cmp(blk[m]) < 0) l = m + 1;
      else h = m;
    }
    return { b: lo, i: l };
  }

  /** The last entry (for the append fast path of ascending inserts). */
  last(): T | undefined {
    const blk = this.blocks[this.blocks.length - 1];
    return blk?.[blk.length - 1];
  }

  /** Appends an entry known to sort after every entry. */
  push(e: T): void {
    this.insertAt({ b: this.blocks.length, i: 0 }, e);
  }

  at(p: Pos): T | undefined {
    return this.blocks[p.b]?.[p.i];
  }

  insertAt(p: Pos, e: T): void {
    const blocks = this.blocks;
    if (!blocks.length) {
      blocks.push([e]);
      this.count++;
      return;
    }
    let b = p.b;
    let i = p.i;
    if (b >= blocks.length) {
      b = blocks.length - 1;
      i = blocks[b].length;
    }
    const blk = blocks[b];
    blk.splice(i, 0, e);
    this.count++;
    if (blk.length > MAX_BLOCK) blocks.splice(b + 1, 0, blk.splice(blk.length >>> 1));
  }

  removeAt(p: Pos): void {
    const blk = this.blocks[p.b];
    if (!blk || p.i >= blk.length) return;
    blk.splice(p.i, 1);
    this.count--;
    if (!blk.length) this.blocks.splice(p.b, 1);
  }

  *from(p: Pos): Generator<T> {
    const blocks = this.blocks;
    let b = p.b;
    let i = p.i;
    while (b < blocks.length) {
      const blk = blocks[b];
      while (i < blk.length) yield blk[i++];
      b++;
      i = 0;
    }
  }

  /** Every entry, last to first. */
  *reversed(): Generator<T> {
    const blocks = this.blocks;
    for (let b = blocks.length - 1; b >= 0; b--) {
      const blk = blocks[b];
      for (let i = blk.length - 1; i >= 0; i--) yield blk[i];
    }
  }

  clear(): void {
    this.blocks = [];
    this.count = 0;
  }
}
