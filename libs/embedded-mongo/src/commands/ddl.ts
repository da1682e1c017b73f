/** create, drop, dropDatabase, listCollections, listDatabases, createIndexes, listIndexes, dropIndexes, renameCollection. */
import { badValue, mongoError, ErrorCodes } from '../errors';
import { collatorFor, compareValues, Doc, isPlainObject } from '../bson/values';
import { compileFilter } from '../query/matcher';
import { IndexSpec, normalizeIndexSpec, sameIndexKey, sameIndexOptions } from '../storage/indexes';
import { validateNs } from '../storage/engine';
import { collName, Handler } from './context';
import { cursorReply } from './query';

export const create: Handler = async (ctx) => {
  const name = collName(ctx, 'create');
  validateNs(ctx.db, name);
  const existing = ctx.engine.catalog.get(ctx.db, name);
  const {
    create: _c,
    $db: _d,
    lsid: _l,
    $clusterTime: _t,
    writeConcern: _w,
    txnNumber: _n,
    autocommit: _a,
    startTransaction: _s,
    comment: _cm,
    ...options
  } = ctx.body;
  void [_c, _d, _l, _t, _w, _n, _a, _s, _cm];
  if (options.viewOn !== undefined) {
    if (typeof options.viewOn !== 'string' || !options.viewOn)
      throw mongoError(ErrorCodes.TypeMismatch, "'viewOn' option must be a non-empty string");
    if (options.pipeline !== undefined && !Array.isArray(options.pipeline))
      throw mongoError(ErrorCodes.TypeMismatch, "'pipeline' option must be an array");
    options.pipeline = options.pipeline ?? [];
  }
  // the collection's default collation applies to its queries and sorts
  collatorFor(options.collation);
  if (options.capped && options.size === undefined) throw mongoError(72, "the 'size' field is required when 'capped' is true");
  if (options.timeseries !== undefined && (!isPlainObject(options.timeseries) || typeof options.timeseries.timeField !== 'string'))
    throw mongoError(ErrorCodes.FailedToParse, "BSON field 'timeseries.timeField' is missing but a required field");
  if (existing) {
    if (compareValues(existing.options, options) === 0) return {};
    throw mongoError(ErrorCodes.NamespaceExists, `Collection ${ctx.db}.${name} already exists.`);
  }
  ctx.engine.createCollection(ctx.db, name, options, ctx.unit);
  await ctx.engine.persist(ctx.unit);
  return {};
};

export const drop: Handler = async (ctx) => {
  const name = collName(ctx, 'drop');
  const coll = ctx.engine.catalog.get(ctx.db, name);
  if (!coll) return { ns: `${ctx.db}.${name}`, nIndexesWas: 0 };
  const n = coll.specs.length;
  ctx.engine.dropCollection(ctx.db, name, ctx.unit);
  await ctx.engine.persist(ctx.unit);
  return { ns: `${ctx.db}.${name}`, nIndexesWas: n };
};

export const dropDatabase: Handler = async (ctx) => {
  ctx.engine.dropDatabase(ctx.db, ctx.unit);
  await ctx.engine.persist(ctx.unit);
  return { dropped: ctx.db };
};

export const listCollections: Handler = (ctx) => {
  const filter = ctx.body.filter;
  const nameOnly = !!ctx.body.nameOnly;
  const m = compileFilter(isPlainObject(filter) ? filter : {});
  const out: Doc[] = [];
  const colls = ctx.engine.catalog.dbs.get(ctx.db);
  for (const c of colls?.values() ?? []) {
    const isView = typeof c.options.viewOn === 'string';
    const full: Doc = isView
      ? { name: c.name, type: 'view', options: c.options, info: { readOnly: true } }
      : {
          name: c.name,
          // a time-series collection is stored as a plain one (no buckets), listed as created
          type: c.options.timeseries ? 'timeseries' : 'collection',
          options: c.options,
          info: { readOnly: false, uuid: c.uuid },
          idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
        };
    if (!m(full)) continue;
    out.push(nameOnly ? { name: c.name, type: full.type } : full);
  }
  const batchSize = isPlainObject(ctx.body.cursor) ? (ctx.body.cursor.batchSize as number | undefined) : undefined;
  return cursorReply(ctx, `${ctx.db}.$cmd.listCollections`, out, batchSize);
};

export const listDatabases: Handler = (ctx) => {
  const filter = ctx.body.filter;
  const m = compileFilter(isPlainObject(filter) ? filter : {});
  const dbs: Doc[] = [];
  let total = 0;
  for (const [name, colls] of ctx.engine.catalog.dbs) {
    let size = 0;
    for (const c of colls.values()) size += c.liveBytes;
    const d = { name, sizeOnDisk: size, empty: size === 0 };
    if (!m(d)) continue;
    total += size;
    dbs.push(ctx.body.nameOnly ? { name } : d);
  }
  return ctx.body.nameOnly ? { databases: dbs } : { databases: dbs, totalSize: total, totalSizeMb: Math.round(total / 1048576) };
};

function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}

export const createIndexes: Handler = async (ctx) => {
  const name = collName(ctx, 'createIndexes');
  validateNs(ctx.db, name);
  const raw = ctx.body.indexes;
  if (!Array.isArray(raw) || !raw.length) throw mongoError(ErrorCodes.FailedToParse, 'Must specify at least one index to create');
  const specs: IndexSpec[] = raw.map((r) => {
    if (!isPlainObject(r)) throw badValue('index specification must be an object');
    return normalizeIndexSpec({ ...r, name: r.name ?? (isPlainObject(r.key) ? defaultIndexName(r.key) : undefined) });
  });
  let coll = ctx.engine.catalog.get(ctx.db, name);
  if (coll && typeof coll.options.viewOn === 'string') throw mongoError(166, `Namespace ${ctx.db}.${name} is a view, not a collection`);
  const created = !coll;
  if (!coll) coll = ctx.engine.createCollection(ctx.db, name, {}, ctx.unit);
  const before = coll.specs.length;
  const toAdd: IndexSpec[] = [];
  for (const spec of specs) {
    const all = [...coll.specs, ...toAdd];
    const byName = all.find((s) => s.name === spec.name);
    if (byName) {
      if (sameIndexKey(byName, spec) && sameIndexOptions(byName, spec)) continue;
      if (sameIndexKey(byName, spec)) {
        throw mongoError(
          ErrorCodes.IndexOptionsConflict,
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(byName)}`,
        );
      }
      throw mongoError(
        ErrorCodes.IndexKeySpecsConflict,
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(byName)}`,
      );
    }
    const byKey = all.find(
      (s) => sameIndexKey(s, spec) && compareValues(s.partialFilterExpression ?? null, spec.partialFilterExpression ?? null) === 0,
    );
    if (byKey) {
      if (spec.key._fts || sameIndexOptions(byKey, spec) || byKey.name === '_id_') {
        throw mongoError(ErrorCodes.IndexOptionsConflict, `Index already exists with a different name: ${byKey.name}`);
      }
      throw mongoError(
        ErrorCodes.IndexOptionsConflict,
        `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(byKey)}`,
      );
    }
    if (spec.key._fts && all.some((s) => s.key._fts)) {
      const other = all.find((s) => s.key._fts)!;
      throw mongoError(
        ErrorCodes.IndexOptionsConflict,
        `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(other)}`,
      );
    }
    toAdd.push(spec);
  }
  const added: string[] = [];
  try {
    for (const spec of toAdd) {
      coll.addIndex(spec, true);
      added.push(spec.name);
    }
  } catch (e) {
    for (const n of added) coll.dropIndex(n);
    throw e;
  }
  for (const spec of toAdd) ctx.unit.push({ o: 'ci', db: ctx.db, c: name, spec });
  await ctx.engine.persist(ctx.unit);
  const reply: Doc = { numIndexesBefore: before, numIndexesAfter: coll.specs.length, createdCollectionAutomatically: created };
  if (!toAdd.length) reply.note = 'all indexes already exist';
  return reply;
};

export const listIndexes: Handler = (ctx) => {
  const name = collName(ctx, 'listIndexes');
  const coll = ctx.engine.catalog.get(ctx.db, name);
  if (!coll) throw mongoError(ErrorCodes.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  if (typeof coll.options.viewOn === 'string') throw mongoError(166, `Namespace ${ctx.db}.${name} is a view, not a collection`);
  const batchSize = isPlainObject(ctx.body.cursor) ? (ctx.body.cursor.batchSize as number | undefined) : undefined;
  return cursorReply(
    ctx,
    `${ctx.db}.$cmd.listIndexes.${name}`,
    coll.specs.map((s) => ({ ...s })),
    batchSize,
  );
};

export const dropIndexes: Handler = async (ctx) => {
  const name = collName(ctx, Object.keys(ctx.body)[0]);
  const coll = ctx.engine.catalog.get(ctx.db, name);
  if (!coll) throw mongoError(ErrorCodes.NamespaceNotFound, `ns not found ${ctx.db}.${name}`);
  const target = ctx.body.index;
  const before = coll.specs.length;
  const names: string[] = [];
  const resolveOne = (t: unknown): string => {
    if (typeof t === 'string') {
      if (t === '_id_') throw mongoError(72, 'cannot drop _id index');
      if (!coll.index(t)) throw mongoError(ErrorCodes.IndexNotFound, `index not found with name [${t}]`);
      return t;
    }
    if (isPlainObject(t)) {
      const ix = coll.indexes.find((i) => compareValues(i.spec.key, t) === 0 || (i.text && Object.values(t).includes('text')));
      if (!ix) {
        if (compareValues(t, { _id: 1 }) === 0) throw mongoError(72, 'cannot drop _id index');
        throw mongoError(ErrorCodes.IndexNotFound, `can't find index with key: ${JSON.stringify(t)}`);
      }
      return ix.name;
    }
    throw badValue('invalid index name spec');
  };
  if (target === '*') names.push(...coll.indexes.map((i) => i.name));
  else if (Array.isArray(target)) for (const t of target) names.push(resolveOne(t));
  else names.push(resolveOne(target));
  for (const n of names) {
    coll.dropIndex(n);
    ctx.unit.push({ o: 'di', db: ctx.db, c: name, name: n });
  }
  await ctx.engine.persist(ctx.unit);
  return { nIndexesWas: before };
};

export const renameCollection: Handler = async (ctx) => {
  const from = String(ctx.body.renameCollection);
  const to = String(ctx.body.to);
  const [fdb, ...fr] = from.split('.');
  const [tdb, ...tr] = to.split('.');
  const fc = fr.join('.');
  const tc = tr.join('.');
  validateNs(tdb, tc);
  const coll = ctx.engine.catalog.get(fdb, fc);
  if (!coll) throw mongoError(ErrorCodes.NamespaceNotFound, 'source namespace does not exist');
  if (ctx.engine.catalog.get(tdb, tc) && !ctx.body.dropTarget) throw mongoError(ErrorCodes.NamespaceExists, 'target namespace exists');
  ctx.engine.moveCollection(coll, tdb, tc);
  ctx.unit.push({ o: 'rn', db: fdb, c: fc, tdb, tc });
  await ctx.engine.persist(ctx.unit);
  return {};
};
