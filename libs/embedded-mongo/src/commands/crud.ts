/** insert, update, delete, findAndModify, find, getMore, killCursors, count, distinct. */
import { Binary, BSON, Long } from 'bson';
import { formatValue } from '../bson/values';
import { badValue, mongoError, ErrorCodes, MongoServerError } from '../errors';
import { Doc, isPlainObject, keyOf, toNumber, isNumeric, deepClone, normalize, collatorFor, withCollation } from '../bson/values';
import { valuesAtPath } from '../query/matcher';
import { compileProjection } from '../query/projection';
import { applyUpdate, ensureId, isOperatorUpdate, upsertSeed } from '../query/update';
import { runPipeline } from '../query/pipeline';
import { CommandContext, collName, Handler, optDoc, optNumber } from './context';
import { cursorReply, parseBatchSize, runQuery, takeBatch, resolveHint, parseLet } from './query';
import type { CollectionView } from '../storage/engine';
import { SCORE_FIELD } from '../query/pipeline';
import { MAX_BSON_OBJECT_SIZE } from './admin';
import { explainCommand } from './explain';

/** Validates a command's collation (runQuery applies it). */
function checkCollation(c: unknown): void {
  collatorFor(c);
}

function validateForStorage(doc: Doc): void {
  if (Array.isArray(doc._id)) throw badValue(`The '_id' value cannot be of type array`);
  if (doc._id instanceof RegExp || (doc._id as { _bsontype?: string })?._bsontype === 'BSONRegExp')
    throw badValue(`can't use a regex for _id`);
  if (isPlainObject(doc._id)) {
    for (const k of Object.keys(doc._id))
      if (k.startsWith('$'))
        throw mongoError(
          ErrorCodes.DollarPrefixedFieldName,
          `_id fields may not contain '$'-prefixed fields: ${k} is not valid for storage.`,
        );
  }
  if ((doc._id as unknown) === undefined && '_id' in doc) throw badValue('_id cannot be undefined');
}

/** The server's limit on one stored document (16 MiB), reported as maxBsonObjectSize. */
function checkInsertSize(doc: Doc): void {
  const size = BSON.calculateObjectSize(doc, { checkKeys: false } as never);
  if (size > MAX_BSON_OBJECT_SIZE) throw badValue(`object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`);
}

/** Whether an update changed the document; also refuses a result over the size limit. */
function bsonEqual(a: Doc, b: Doc): boolean {
  const x = BSON.serialize(a, { checkKeys: false });
  const y = BSON.serialize(b, { checkKeys: false });
  if (y.length > MAX_BSON_OBJECT_SIZE) throw mongoError(17419, `Resulting document after update is larger than ${MAX_BSON_OBJECT_SIZE}`);
  return x.length === y.length && Buffer.compare(x, y) === 0;
}

function pipelineRunner(ctx: CommandContext, variables?: Doc) {
  return (doc: Doc, pipeline: Doc[]): Doc => {
    for (const st of pipeline) {
      const name = isPlainObject(st) ? Object.keys(st)[0] : '';
      if (!['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith'].includes(name)) {
        throw mongoError(ErrorCodes.InvalidOptions, `${name} is not allowed to be used within an update`);
      }
    }
    const out = runPipeline([doc], pipeline, { resolve: () => [], variables });
    if (out.length !== 1) throw badValue('update pipeline must produce exactly one document');
    return normalize(deepClone(out[0]));
  };
}

function writeErrorFrom(e: unknown, index: number): Doc {
  // errors with labels (a transaction's WriteConflict) fail the whole command, as on the server
  if (e instanceof MongoServerError && e.labels.length) throw e;
  if (e instanceof MongoServerError) return e.toWriteError(index);
  return { index, code: 1, errmsg: (e as Error).message };
}

async function finishWrite(ctx: CommandContext, reply: Doc): Promise<Doc> {
  await ctx.engine.persist(ctx.unit);
  return reply;
}

export const insert: Handler = async (ctx) => {
  const name = collName(ctx, 'insert');
  const docs = ctx.body.documents;
  if (!Array.isArray(docs)) throw mongoError(ErrorCodes.FailedToParse, "BSON field 'insert.documents' is missing but a required field");
  const ordered = ctx.body.ordered !== false;
  const view = ctx.view(name);
  const writeErrors: Doc[] = [];
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    try {
      const raw = docs[i];
      if (!isPlainObject(raw)) throw badValue('document to insert must be an object');
      const doc = ensureId(raw);
      validateForStorage(doc);
      checkInsertSize(doc);
      view.insert(doc);
      n++;
    } catch (e) {
      writeErrors.push(writeErrorFrom(e, i));
      if (ordered) break;
    }
  }
  const reply: Doc = { n };
  if (writeErrors.length) reply.writeErrors = writeErrors;
  return finishWrite(ctx, reply);
};

interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  before?: Doc;
  after?: Doc;
}

/** One update statement (shared by update and findAndModify). */
function updateOne(
  ctx: CommandContext,
  view: CollectionView,
  spec: {
    q: Doc;
    u: Doc | Doc[];
    upsert?: boolean;
    multi?: boolean;
    arrayFilters?: Doc[];
    hint?: unknown;
    sort?: unknown;
    variables?: Doc;
    collation?: unknown;
  },
): UpdateOutcome {
  const { q, u } = spec;
  if (!isPlainObject(q))
    throw mongoError(ErrorCodes.TypeMismatch, "BSON field 'update.updates.q' is the wrong type, expected type 'object'");
  if (!Array.isArray(u) && !isPlainObject(u))
    throw mongoError(ErrorCodes.FailedToParse, 'Update argument must be either an object or an array');
  const replacement = !Array.isArray(u) && !isOperatorUpdate(u);
  if (spec.multi && replacement && Object.keys(u).length)
    throw mongoError(ErrorCodes.FailedToParse, 'multi update is not supported for replacement-style update');
  if (spec.arrayFilters !== undefined && replacement)
    throw mongoError(ErrorCodes.FailedToParse, 'arrayFilters may not be specified for replacement-style updates');
  const { docs } = runQuery(view, {
    filter: q,
    hint: spec.hint,
    sort: spec.sort,
    limit: spec.multi ? 0 : 1,
    variables: spec.variables,
    collation: spec.collation,
  });
  const runP = pipelineRunner(ctx, spec.variables);
  const out: UpdateOutcome = { matched: 0, modified: 0 };
  for (const doc of docs) {
    const next = applyUpdate(doc, u, { arrayFilters: spec.arrayFilters, filter: q, runPipeline: runP });
    validateForStorage(next);
    out.matched++;
    out.before = doc;
    out.after = doc;
    if (!bsonEqual(doc, next)) {
      view.replace(doc, next);
      out.modified++;
      out.after = next;
    }
  }
  if (!docs.length && spec.upsert) {
    const seed = upsertSeed(q);
    let doc: Doc;
    if (replacement) {
      doc = applyUpdate({}, u as Doc, {});
      if (doc._id === undefined && seed._id !== undefined) doc = { _id: seed._id, ...doc };
    } else doc = applyUpdate(seed, u, { isInsert: true, arrayFilters: spec.arrayFilters, filter: q, runPipeline: runP });
    doc = ensureId(doc);
    validateForStorage(doc);
    checkInsertSize(doc);
    view.insert(doc);
    out.upsertedId = doc._id;
    out.after = doc;
  }
  return out;
}

export const update: Handler = async (ctx) => {
  const name = collName(ctx, 'update');
  const updates = ctx.body.updates;
  if (!Array.isArray(updates)) throw mongoError(ErrorCodes.FailedToParse, "BSON field 'update.updates' is missing but a required field");
  const ordered = ctx.body.ordered !== false;
  const view = ctx.view(name);
  const writeErrors: Doc[] = [];
  const upserted: Doc[] = [];
  let n = 0;
  let nModified = 0;
  const variables = parseLet(ctx.body.let);
  for (const s of updates) {
    // sort in update statements arrived with MongoDB 8.0; the engine reports 7.0
    if (isPlainObject(s) && s.sort !== undefined) throw mongoError(40415, "BSON field 'update.updates.sort' is an unknown field.");
  }
  for (let i = 0; i < updates.length; i++) {
    const s = updates[i];
    try {
      if (!isPlainObject(s)) throw badValue('update statement must be an object');
      checkCollation(s.collation);
      const r = updateOne(ctx, view, {
        q: s.q,
        u: s.u,
        upsert: !!s.upsert,
        multi: !!s.multi,
        arrayFilters: s.arrayFilters,
        hint: s.hint,
        sort: s.sort,
        variables: s.c !== undefined ? parseLet(s.c) : variables,
        collation: s.collation,
      });
      n += r.matched;
      nModified += r.modified;
      if (r.upsertedId !== undefined) {
        n++;
        upserted.push({ index: i, _id: r.upsertedId });
      }
    } catch (e) {
      writeErrors.push(writeErrorFrom(e, i));
      if (ordered) break;
    }
  }
  const reply: Doc = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  if (writeErrors.length) reply.writeErrors = writeErrors;
  return finishWrite(ctx, reply);
};

export const del: Handler = async (ctx) => {
  const name = collName(ctx, 'delete');
  const deletes = ctx.body.deletes;
  if (!Array.isArray(deletes)) throw mongoError(ErrorCodes.FailedToParse, "BSON field 'delete.deletes' is missing but a required field");
  const ordered = ctx.body.ordered !== false;
  const view = ctx.view(name);
  const writeErrors: Doc[] = [];
  let n = 0;
  const variables = parseLet(ctx.body.let);
  for (let i = 0; i < deletes.length; i++) {
    const s = deletes[i];
    try {
      if (!isPlainObject(s)) throw badValue('delete statement must be an object');
      checkCollation(s.collation);
      const limit = toNumber(s.limit ?? 0);
      if (limit !== 0 && limit !== 1) throw badValue('The limit field in delete objects must be 0 or 1');
      const { docs } = runQuery(view, { filter: s.q, hint: s.hint, limit, variables, collation: s.collation });
      for (const d of docs) {
        view.remove(d);
        n++;
      }
    } catch (e) {
      writeErrors.push(writeErrorFrom(e, i));
      if (ordered) break;
    }
  }
  const reply: Doc = { n };
  if (writeErrors.length) reply.writeErrors = writeErrors;
  return finishWrite(ctx, reply);
};

export const findAndModify: Handler = async (ctx) => {
  const name = collName(ctx, Object.keys(ctx.body)[0]);
  const b = ctx.body;
  checkCollation(b.collation);
  const view = ctx.view(name);
  const query = optDoc(b, 'query') ?? {};
  const fields = compileProjection(optDoc(b, 'fields'));
  const remove = !!b.remove;
  if (remove && b.update !== undefined) throw mongoError(ErrorCodes.FailedToParse, 'Cannot specify both an update and remove=true');
  if (!remove && b.update === undefined) throw mongoError(ErrorCodes.FailedToParse, 'Either an update or remove=true must be specified');
  if (remove && b.upsert) throw mongoError(ErrorCodes.FailedToParse, 'Cannot specify both upsert=true and remove=true');
  if (remove && b.new)
    throw mongoError(
      ErrorCodes.FailedToParse,
      "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
    );
  const variables = parseLet(b.let);
  const project = (d: Doc | undefined) => (d ? (fields ? fields.apply(d, { filter: query }) : d) : null);
  if (remove) {
    const { docs } = runQuery(view, { filter: query, sort: b.sort, limit: 1, hint: b.hint, variables, collation: b.collation });
    const d = docs[0];
    if (d) view.remove(d);
    return finishWrite(ctx, { lastErrorObject: { n: d ? 1 : 0 }, value: project(d) });
  }
  const r = updateOne(ctx, view, {
    q: query,
    u: b.update,
    upsert: !!b.upsert,
    multi: false,
    arrayFilters: b.arrayFilters,
    hint: b.hint,
    sort: b.sort,
    variables,
  });
  const leo: Doc = { n: r.matched || (r.upsertedId !== undefined ? 1 : 0), updatedExisting: r.matched > 0 };
  if (r.upsertedId !== undefined) leo.upserted = r.upsertedId;
  const value = b.new ? r.after : r.upsertedId !== undefined ? undefined : r.before;
  return finishWrite(ctx, { lastErrorObject: leo, value: project(value) });
};

export const find: Handler = (ctx) => {
  const name = collName(ctx, 'find');
  const b = ctx.body;
  checkCollation(b.collation);
  const view = ctx.view(name);
  const filter = optDoc(b, 'filter');
  let limit = optNumber(b, 'limit');
  const skip = optNumber(b, 'skip');
  if (skip !== undefined && skip < 0) throw badValue(`BSON field 'skip' value must be >= 0, actual value '${skip}'`);
  let singleBatch = !!b.singleBatch;
  if (limit !== undefined && limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const batchSize = parseBatchSize(b);
  const proj = compileProjection(optDoc(b, 'projection'));
  const { docs: raw, text } = runQuery(view, {
    filter,
    sort: b.sort,
    skip,
    limit,
    hint: b.hint,
    variables: parseLet(b.let),
    collation: b.collation,
  });
  const transform = proj ? (d: Doc) => proj.apply(d, { score: text ? (x) => text.score(x) : undefined, filter }) : undefined;
  let bs = batchSize;
  if (limit && (bs === undefined || bs > limit)) bs = limit;
  if (limit && singleBatch) bs = limit;
  return cursorReply(ctx, `${ctx.db}.${name}`, raw, bs, singleBatch, transform);
};

export const getMore: Handler = (ctx) => {
  const id = ctx.body.getMore;
  if (!(id as { _bsontype?: string })?._bsontype && typeof id !== 'number') {
    throw mongoError(ErrorCodes.TypeMismatch, "BSON field 'getMore.getMore' is the wrong type, expected type 'long'");
  }
  const coll = ctx.body.collection;
  if (typeof coll !== 'string')
    throw mongoError(ErrorCodes.TypeMismatch, "BSON field 'getMore.collection' is the wrong type, expected type 'string'");
  const cur = ctx.cursors.get(id);
  if (!cur) throw mongoError(ErrorCodes.CursorNotFound, `cursor id ${String(id)} not found`);
  if (cur.ns !== `${ctx.db}.${coll}`)
    throw mongoError(13, `Requested getMore on namespace '${ctx.db}.${coll}', but cursor belongs to a different namespace ${cur.ns}`);
  const batchSize = parseBatchSize(ctx.body) ?? 0;
  const batch = takeBatch(cur.docs, cur.pos, batchSize, cur.transform);
  cur.pos += batch.length;
  let outId = cur.id;
  if (cur.pos >= cur.docs.length) {
    ctx.cursors.delete(cur.id);
    outId = Long.fromNumber(0);
  }
  return { cursor: { nextBatch: batch, id: outId, ns: cur.ns } };
};

export const killCursors: Handler = (ctx) => {
  const ids = ctx.body.cursors;
  if (!Array.isArray(ids)) throw mongoError(ErrorCodes.FailedToParse, "BSON field 'killCursors.cursors' is missing but a required field");
  const killed: unknown[] = [];
  const notFound: unknown[] = [];
  for (const id of ids) (ctx.cursors.delete(id) ? killed : notFound).push(id);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [] };
};

export const count: Handler = (ctx) => {
  const name = collName(ctx, 'count');
  const b = ctx.body;
  checkCollation(b.collation);
  const view = ctx.view(name);
  const query = optDoc(b, 'query');
  const skip = optNumber(b, 'skip') ?? 0;
  const limit = Math.abs(optNumber(b, 'limit') ?? 0);
  if (skip < 0) throw badValue('skip value is negative in count query');
  if (!query || !Object.keys(query).length) {
    if (b.hint !== undefined) resolveHint(view, b.hint);
    let n = Math.max(0, view.count() - skip);
    if (limit) n = Math.min(n, limit);
    return { n };
  }
  const { docs } = runQuery(view, { filter: query, skip, limit, hint: b.hint, collation: b.collation });
  return { n: docs.length };
};

export const distinct: Handler = (ctx) => {
  const name = collName(ctx, 'distinct');
  const b = ctx.body;
  checkCollation(b.collation);
  if (typeof b.key !== 'string')
    throw mongoError(ErrorCodes.TypeMismatch, "BSON field 'distinct.key' is the wrong type, expected type 'string'");
  const view = ctx.view(name);
  const { docs } = runQuery(view, { filter: optDoc(b, 'query'), hint: b.hint, collation: b.collation });
  const seen = new Set<string>();
  const values: unknown[] = [];
  for (const d of docs) {
    for (const v of valuesAtPath(d, b.key)) {
      const items = Array.isArray(v) ? v : [v];
      for (const x of items) {
        if (x === undefined) continue;
        const k = keyOf(x);
        if (seen.has(k)) continue;
        seen.add(k);
        values.push(x);
      }
    }
  }
  return { values };
};

export const aggregate: Handler = async (ctx) => {
  const b = ctx.body;
  checkCollation(b.collation);
  const pipeline = b.pipeline;
  if (!Array.isArray(pipeline)) throw mongoError(ErrorCodes.TypeMismatch, "'pipeline' option must be specified as an array");
  if (!isPlainObject(b.cursor) && !b.explain)
    throw mongoError(ErrorCodes.FailedToParse, "The 'cursor' option is required, except for aggregate with the explain argument");
  const variables = parseLet(b.let);
  const hasOut = pipeline.some((s: unknown) => isPlainObject(s) && ('$out' in s || '$merge' in s));
  if (hasOut && isPlainObject(b.readConcern) && b.readConcern.level === 'linearizable') {
    throw mongoError(ErrorCodes.InvalidOptions, "{aggregate: ...} with $out/$merge does not support readConcern level 'linearizable'");
  }
  const dbLevel = b.aggregate === 1 || (isNumeric(b.aggregate) && toNumber(b.aggregate) === 1);
  // the older form, {aggregate, pipeline, explain: true}: plan only, never run ($out would write)
  if (b.explain && !dbLevel) return explainCommand(ctx, { aggregate: b.aggregate, pipeline, hint: b.hint }, 'queryPlanner');
  let input: Doc[] = [];
  let stages = pipeline;
  let name = 'collection';
  if (!dbLevel) {
    name = collName(ctx, 'aggregate');
    const view = ctx.view(name);
    const first = stages[0];
    if (isPlainObject(first) && isPlainObject(first.$match)) {
      const { docs, text } = runQuery(view, { filter: first.$match, hint: b.hint, variables, collation: b.collation });
      input = text ? docs.map((d) => ({ ...d, [SCORE_FIELD]: text.score(d) })) : docs;
      stages = stages.slice(1);
    } else {
      resolveHint(view, b.hint);
      input = [...view.candidates(undefined)];
    }
  } else if (isPlainObject(stages[0]) && '$listLocalSessions' in stages[0]) {
    input = [...ctx.engine.sessions.entries()].map(([id, lastUse]) => ({ _id: { id: sessionIdFromKey(id) }, lastUse }));
    stages = stages.slice(1);
  } else if (!(isPlainObject(stages[0]) && '$documents' in stages[0])) {
    throw mongoError(ErrorCodes.InvalidNamespace, "{aggregate: 1} is not valid for '$match'; a collection is required.");
  }
  let wrote = false;
  const env = {
    variables,
    resolve: (coll: string, db?: string) => {
      const v = db && db !== ctx.db ? ctx.engine.view(db, coll, ctx.unit, ctx.txn) : ctx.view(coll);
      return [...v.candidates(undefined)];
    },
    out: (target: string | Doc, docs: Doc[]) => {
      const tdb = typeof target === 'string' ? ctx.db : String(target.db ?? ctx.db);
      const tc = typeof target === 'string' ? target : String(target.coll);
      const old = ctx.engine.catalog.get(tdb, tc);
      const specs = old ? old.indexes.map((i) => i.spec) : [];
      ctx.engine.dropCollection(tdb, tc, ctx.unit);
      const coll = ctx.engine.createCollection(tdb, tc, old?.options ?? {}, ctx.unit);
      for (const s of specs) {
        coll.addIndex(s, true);
        ctx.unit.push({ o: 'ci', db: tdb, c: tc, spec: s });
      }
      const v = ctx.engine.view(tdb, tc, ctx.unit);
      for (const d of docs) v.insert(ensureId(normalize(deepClone(d))));
      wrote = true;
    },
    merge: (spec: Doc, docs: Doc[]) => {
      const into = spec.into;
      const tdb = typeof into === 'string' ? ctx.db : String(into.db ?? ctx.db);
      const tc = typeof into === 'string' ? into : String(into.coll);
      const on: string[] = spec.on === undefined ? ['_id'] : Array.isArray(spec.on) ? spec.on : [spec.on];
      const whenMatched = spec.whenMatched ?? 'merge';
      const whenNotMatched = spec.whenNotMatched ?? 'insert';
      const v = ctx.engine.view(tdb, tc, ctx.unit, ctx.txn);
      const mergeVars = spec.let !== undefined ? parseLet(spec.let) : undefined;
      for (const raw of docs) {
        let d = normalize(deepClone(raw));
        if (on.length === 1 && on[0] === '_id') d = ensureId(d);
        const q: Doc = {};
        for (const f of on) {
          const val = valuesAtPath(d, f)[0];
          if (val === undefined || Array.isArray(val))
            throw mongoError(51132, `$merge write error: 'on' field '${f}' cannot be missing, null, undefined or an array`);
          q[f] = val;
        }
        const existing = runQuery(v, { filter: q, limit: 1 }).docs[0];
        if (!existing) {
          if (whenNotMatched === 'insert') v.insert(ensureId(d));
          else if (whenNotMatched === 'fail')
            throw mongoError(
              13113,
              '$merge could not find a matching document in the target collection for at least one document in the source collection',
            );
          else if (whenNotMatched !== 'discard')
            throw badValue(`Enumeration value '${String(whenNotMatched)}' for field 'whenNotMatched' is not a valid value.`);
          continue;
        }
        let next: Doc;
        if (whenMatched === 'replace') next = { ...d, _id: existing._id };
        else if (whenMatched === 'keepExisting') continue;
        else if (whenMatched === 'merge') next = { ...existing, ...d, _id: existing._id };
        else if (whenMatched === 'fail') {
          throw mongoError(
            ErrorCodes.DuplicateKey,
            `E11000 duplicate key error collection: ${tdb}.${tc} index: _id_ dup key: { _id: ${formatValue(existing._id)} }`,
            { keyPattern: { _id: 1 }, keyValue: { _id: existing._id } },
          );
        } else if (Array.isArray(whenMatched)) {
          next = pipelineRunner(ctx, { ...(mergeVars ?? {}), new: d })(existing, whenMatched);
          if (next._id === undefined) next = { _id: existing._id, ...next };
        } else throw badValue(`Enumeration value '${String(whenMatched)}' for field 'whenMatched' is not a valid value.`);
        v.replace(existing, ensureId(next));
      }
      wrote = true;
    },
  };
  // the pipeline's matching and sorting use the collation; its writes ($out, $merge) do not
  const { out: writeOut, merge: writeMerge } = env;
  if (writeOut) env.out = (target, docs) => withCollation(null, () => writeOut(target, docs));
  if (writeMerge) env.merge = (spec, docs) => withCollation(null, () => writeMerge(spec, docs));
  const collation = b.collation ?? (dbLevel ? undefined : ctx.engine.catalog.get(ctx.db, name)?.options.collation);
  let out = withCollation(collation, () => runPipeline(input, stages, env));
  out = out.map((d) => {
    if (isPlainObject(d) && SCORE_FIELD in d) {
      const { [SCORE_FIELD]: _s, ...rest } = d;
      void _s;
      return rest;
    }
    return d;
  });
  if (wrote) await ctx.engine.persist(ctx.unit);
  const batchSize = parseBatchSize(b.cursor ?? {}, 'batchSize');
  return cursorReply(ctx, `${ctx.db}.${dbLevel ? '$cmd.aggregate' : name}`, out, batchSize);
};

function sessionIdFromKey(key: string): unknown {
  return /^[0-9a-f]{32}$/.test(key) ? new Binary(Buffer.from(key, 'hex'), 4) : key;
}
