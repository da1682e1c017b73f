import { mongoError, badValue } from '../errors';
import { Doc, isNumeric, isPlainObject, toNumber, deepClone } from '../bson/values';
import { compileFilter, evalExpression, isOperatorObject } from './matcher';

type Tree = { [k: string]: Tree | true | Special };
interface Special {
  special: 'slice' | 'elemMatch' | 'meta' | 'expr' | 'positional';
  arg: unknown;
}

export interface ProjectionContext {
  score?: (d: Doc) => number | undefined;
  filter?: Doc;
}

export interface CompiledProjection {
  apply(doc: Doc, ctx?: ProjectionContext): Doc;
}

const isSpecial = (v: unknown): v is Special => typeof v === 'object' && v !== null && 'special' in v;

/**
 * Nested projection syntax ({account: {amount: 1}}, MongoDB 4.4+) is the dotted one
 * ({'account.amount': 1}); objects whose first key is an operator stay as they are.
 */
function flattenProjection(proj: Doc, prefix = '', out: Doc = {}): Doc {
  for (const k of Object.keys(proj)) {
    const v = proj[k];
    const path = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v) && Object.keys(v).length > 0 && !Object.keys(v)[0].startsWith('$')) flattenProjection(v, path, out);
    else out[path] = v;
  }
  return out;
}

export function compileProjection(rawProj: Doc | undefined | null): CompiledProjection | null {
  if (!rawProj || !isPlainObject(rawProj) || Object.keys(rawProj).length === 0) return null;
  const proj = flattenProjection(rawProj);
  let mode: 'include' | 'exclude' | null = null;
  let idFlag: boolean | undefined;
  const tree: Tree = {};
  const setMode = (m: 'include' | 'exclude', path: string) => {
    if (mode && mode !== m) {
      throw mongoError(
        m === 'exclude' ? 31254 : 31253,
        m === 'exclude'
          ? `Cannot do exclusion on field ${path} in inclusion projection`
          : `Cannot do inclusion on field ${path} in exclusion projection`,
      );
    }
    mode = m;
  };
  for (const key of Object.keys(proj)) {
    const v = proj[key];
    let leaf: true | Special;
    if (key.endsWith('.$')) {
      setMode('include', key);
      insert(tree, key.slice(0, -2), { special: 'positional', arg: key.slice(0, -2) });
      continue;
    }
    if (isPlainObject(v) && Object.keys(v).length === 1 && '$slice' in v) {
      leaf = { special: 'slice', arg: v.$slice };
      insert(tree, key, leaf);
      continue;
    }
    if (isPlainObject(v) && '$elemMatch' in v) {
      leaf = { special: 'elemMatch', arg: v.$elemMatch };
      setMode('include', key);
      insert(tree, key, leaf);
      continue;
    }
    if (isPlainObject(v) && '$meta' in v) {
      if (v.$meta !== 'textScore' && v.$meta !== 'indexKey' && v.$meta !== 'recordId')
        throw badValue(`unsupported $meta ${String(v.$meta)}`);
      insert(tree, key, { special: 'meta', arg: v.$meta });
      continue;
    }
    if (typeof v === 'boolean' || isNumeric(v)) {
      const on = typeof v === 'boolean' ? v : toNumber(v) !== 0;
      if (key === '_id') {
        idFlag = on;
        continue;
      }
      setMode(on ? 'include' : 'exclude', key);
      insert(tree, key, true);
      continue;
    }
    // computed field (expression or literal)
    if (key === '_id') idFlag = true;
    setMode('include', key);
    insert(tree, key, { special: 'expr', arg: isOperatorObject(v) || typeof v === 'string' ? v : { $literal: v } });
  }
  const exclude: boolean = (mode as string | null) === 'exclude' || (mode === null && idFlag !== true && !hasIncludeSpecial(tree));
  if (mode === null && idFlag === false && !Object.keys(tree).length) {
    return {
      apply: (d) => {
        const o = { ...d };
        delete o._id;
        return o;
      },
    };
  }
  return {
    apply(doc: Doc, ctx: ProjectionContext = {}): Doc {
      let out: Doc;
      if (exclude) {
        out = excludeFields(doc, tree, doc, ctx);
        if (idFlag === false) delete out._id;
      } else {
        out = includeFields(doc, tree, doc, ctx, true);
        if (idFlag !== false && doc._id !== undefined && !('_id' in tree)) out = { _id: doc._id, ...out };
      }
      return out;
    },
  };
}

function hasIncludeSpecial(tree: Tree): boolean {
  for (const k of Object.keys(tree)) {
    const v = tree[k];
    if (isSpecial(v)) {
      if (v.special !== 'slice' && v.special !== 'meta') return true;
    } else if (v !== true && hasIncludeSpecial(v)) return true;
  }
  return false;
}

function insert(tree: Tree, path: string, leaf: true | Special): void {
  const parts = path.split('.');
  let t = tree;
  for (let i = 0; i < parts.length - 1; i++) {
    const cur = t[parts[i]];
    if (cur === undefined) t = t[parts[i]] = {};
    else if (cur === true || isSpecial(cur)) throw mongoError(31249, `Path collision at ${path}`);
    else t = cur;
  }
  const last = parts[parts.length - 1];
  if (t[last] !== undefined) throw mongoError(31250, `Path collision at ${path}`);
  t[last] = leaf;
}

function includeFields(value: Doc, tree: Tree, root: Doc, ctx: ProjectionContext, top: boolean): Doc {
  const out: Doc = {};
  for (const k of Object.keys(value)) {
    const spec = tree[k];
    if (spec === undefined) continue;
    const v = value[k];
    if (spec === true) out[k] = v;
    else if (isSpecial(spec)) {
      const r = applySpecial(spec, v, root, ctx);
      if (r !== undefined) out[k] = r;
    } else if (Array.isArray(v)) out[k] = includeArray(v, spec, root, ctx);
    else if (isPlainObject(v)) out[k] = includeFields(v, spec, root, ctx, false);
  }
  // fields that only exist through the projection (computed / meta)
  for (const k of Object.keys(tree)) {
    if (k in out) continue;
    const spec = tree[k];
    if (isSpecial(spec) && (spec.special === 'expr' || spec.special === 'meta')) {
      const r = applySpecial(spec, undefined, root, ctx);
      if (r !== undefined) out[k] = r;
    } else if (!isSpecial(spec) && spec !== true && hasComputed(spec) && !(k in value)) {
      out[k] = includeFields({}, spec, root, ctx, false);
    }
  }
  void top;
  return out;
}

function hasComputed(tree: Tree): boolean {
  return Object.values(tree).some((v) => (isSpecial(v) ? v.special === 'expr' : v !== true && hasComputed(v)));
}

function includeArray(arr: unknown[], tree: Tree, root: Doc, ctx: ProjectionContext): unknown[] {
  const out: unknown[] = [];
  for (const e of arr) {
    if (Array.isArray(e)) out.push(includeArray(e, tree, root, ctx));
    else if (isPlainObject(e)) out.push(includeFields(e, tree, root, ctx, false));
  }
  return out;
}

function excludeFields(value: Doc, tree: Tree, root: Doc, ctx: ProjectionContext): Doc {
  const out: Doc = {};
  for (const k of Object.keys(value)) {
    const spec = tree[k];
    const v = value[k];
    if (spec === undefined) out[k] = v;
    else if (spec === true) continue;
    else if (isSpecial(spec)) {
      const r = applySpecial(spec, v, root, ctx);
      if (r !== undefined) out[k] = r;
    } else if (Array.isArray(v)) out[k] = v.map((e) => (isPlainObject(e) ? excludeFields(e, spec, root, ctx) : e));
    else if (isPlainObject(v)) out[k] = excludeFields(v, spec, root, ctx);
    else out[k] = v;
  }
  for (const k of Object.keys(tree)) {
    const spec = tree[k];
    if (!(k in value) && isSpecial(spec) && spec.special === 'meta') {
      const r = applySpecial(spec, undefined, root, ctx);
      if (r !== undefined) out[k] = r;
    }
  }
  return out;
}

function applySpecial(spec: Special, v: unknown, root: Doc, ctx: ProjectionContext): unknown {
  switch (spec.special) {
    case 'slice': {
      if (!Array.isArray(v)) return v;
      const a = spec.arg;
      if (Array.isArray(a)) {
        let skip = toNumber(a[0]);
        const lim = toNumber(a[1]);
        if (lim <= 0) throw badValue('$slice limit must be positive');
        if (skip < 0) skip = Math.max(0, v.length + skip);
        return v.slice(skip, skip + lim);
      }
      const n = toNumber(a);
      return n >= 0 ? v.slice(0, n) : v.slice(Math.max(0, v.length + n));
    }
    case 'elemMatch': {
      if (!Array.isArray(v)) return undefined;
      const m = compileFilter({ x: { $elemMatch: spec.arg } });
      for (const e of v) if (m({ x: [e] })) return [e];
      return undefined;
    }
    case 'meta':
      if (spec.arg === 'textScore') return ctx.score?.(root) ?? 0;
      return undefined;
    case 'expr':
      return deepClone(evalExpression(spec.arg, root));
    case 'positional': {
      if (!Array.isArray(v)) return v;
      const idx = positionalIndex(root, spec.arg as string, ctx.filter ?? {});
      if (idx === undefined)
        throw mongoError(51246, 'Executor error during find command :: caused by :: positional operator did not match');
      return [v[idx]];
    }
  }
}

/** Index of the first element of the array at `path` that satisfies the filter's conditions on it. */
export function positionalIndex(doc: Doc, path: string, filter: Doc): number | undefined {
  const arr = path.split('.').reduce<any>((cur, p) => (cur && typeof cur === 'object' ? cur[p] : undefined), doc);
  if (!Array.isArray(arr)) return undefined;
  const conds = collectConditions(filter, path);
  if (!conds.length) return undefined;
  for (let i = 0; i < arr.length; i++) {
    const probe: Doc = { __e: [arr[i]] };
    if (conds.every(([sub, c]) => compileFilter({ [sub ? `__e.${sub}` : '__e']: c })(probe))) return i;
  }
  return undefined;
}

function collectConditions(filter: Doc, path: string): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const k of Object.keys(filter)) {
    if (k === '$and' && Array.isArray(filter.$and)) {
      for (const f of filter.$and) out.push(...collectConditions(f, path));
    } else if (k === path) out.push(['', filter[k]]);
    else if (k.startsWith(path + '.')) {
      let rest = k.slice(path.length + 1);
      if (/^\d+(\.|$)/.test(rest)) continue;
      out.push([rest, filter[k]]);
      rest = '';
    }
  }
  return out;
}
