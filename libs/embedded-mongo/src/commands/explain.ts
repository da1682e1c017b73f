/**
 * `explain` for find, count, distinct, aggregate, update, delete and findAndModify: the query
 * planner's winning plan (a collection scan, or an index scan naming the index) and, unless the
 * verbosity is 'queryPlanner', execution statistics from actually running the read (writes are
 * planned, never executed, as on the server).
 */
import { mongoError, ErrorCodes } from '../errors';
import { Doc, isPlainObject } from '../bson/values';
import { parseSort } from '../query/sort';
import { CommandContext, Handler } from './context';
import { runQuery } from './query';
import { SERVER_VERSION } from './admin';

interface ReadShape {
  coll: string;
  filter: Doc;
  sort?: unknown;
  skip?: number;
  limit?: number;
  hint?: unknown;
  /** aggregation stages after the leading $match, shown as the pipeline's later stages */
  rest?: Doc[];
}

function shapeOf(cmdName: string, cmd: Doc): ReadShape {
  const coll = cmd[cmdName];
  if (typeof coll !== 'string' || !coll) throw mongoError(ErrorCodes.InvalidNamespace, `explain: ${cmdName} needs a collection name`);
  const doc = (v: unknown): Doc => (isPlainObject(v) ? v : {});
  switch (cmdName) {
    case 'find':
      return { coll, filter: doc(cmd.filter), sort: cmd.sort, skip: cmd.skip, limit: cmd.limit, hint: cmd.hint };
    case 'count':
    case 'distinct':
      return { coll, filter: doc(cmd.query), hint: cmd.hint };
    case 'findAndModify':
    case 'findandmodify':
      return { coll, filter: doc(cmd.query), sort: cmd.sort, limit: 1, hint: cmd.hint };
    case 'update': {
      const u = Array.isArray(cmd.updates) ? doc(cmd.updates[0]) : {};
      return { coll, filter: doc(u.q), limit: u.multi ? undefined : 1, hint: u.hint };
    }
    case 'delete': {
      const d = Array.isArray(cmd.deletes) ? doc(cmd.deletes[0]) : {};
      return { coll, filter: doc(d.q), limit: d.limit ? 1 : undefined, hint: d.hint };
    }
    case 'aggregate': {
      const pipeline: Doc[] = Array.isArray(cmd.pipeline) ? cmd.pipeline : [];
      const first = pipeline[0];
      const leading = isPlainObject(first) && isPlainObject(first.$match) ? first.$match : undefined;
      return { coll, filter: leading ?? {}, hint: cmd.hint, rest: leading ? pipeline.slice(1) : pipeline };
    }
    default:
      throw mongoError(ErrorCodes.CommandNotFound, `Explain failed due to unknown command: ${cmdName}`);
  }
}

/** The plan tree the server would show for what the engine did. */
function planTree(ctx: CommandContext, shape: ReadShape, used: string[], sortedByIndex: boolean): Doc {
  const coll = ctx.engine.catalog.get(ctx.db, shape.coll);
  const filter = Object.keys(shape.filter).length ? { filter: shape.filter } : {};
  const scan = (name: string): Doc => {
    const key = name === '_id_' ? { _id: 1 } : (coll?.index(name)?.spec.key ?? {});
    const ix = coll?.index(name);
    if (ix?.text) return { stage: 'TEXT_MATCH', inputStage: { stage: 'TEXT_OR', indexName: name, keyPattern: key } };
    return {
      stage: 'IXSCAN',
      keyPattern: key,
      indexName: name,
      isMultiKey: !!ix?.multikey,
      isUnique: name === '_id_' || !!ix?.spec.unique,
      isSparse: !!ix?.spec.sparse,
      isPartial: !!ix?.spec.partialFilterExpression,
      direction: backward ? 'backward' : 'forward',
    };
  };
  const sort = parseSort(shape.sort);
  const backward = sortedByIndex && sort?.[0][1] === -1;
  let plan: Doc;
  if (!used.length) plan = { stage: 'COLLSCAN', ...filter, direction: 'forward' };
  else {
    const input = used.length === 1 ? scan(used[0]) : { stage: 'OR', inputStages: used.map(scan) };
    plan = { stage: 'FETCH', ...filter, inputStage: input };
  }
  if (sort && !sortedByIndex) {
    const sortPattern: Doc = {};
    for (const [p, d] of sort) sortPattern[p] = d === 'textScore' ? { $meta: 'textScore' } : d;
    plan = { stage: 'SORT', sortPattern, memLimit: 104857600, type: 'simple', inputStage: plan };
    if (shape.limit) plan.limitAmount = shape.limit;
  } else if (shape.limit) plan = { stage: 'LIMIT', limitAmount: shape.limit, inputStage: plan };
  if (shape.skip) plan = { stage: 'SKIP', skipAmount: shape.skip, inputStage: plan };
  return plan;
}

export const explain: Handler = (ctx) => {
  const inner = ctx.body.explain;
  if (!isPlainObject(inner))
    throw mongoError(ErrorCodes.TypeMismatch, "BSON field 'explain.explain' is the wrong type, expected type 'object'");
  const verbosity = typeof ctx.body.verbosity === 'string' ? ctx.body.verbosity : 'allPlansExecution';
  if (!['queryPlanner', 'executionStats', 'allPlansExecution'].includes(verbosity))
    throw mongoError(ErrorCodes.BadValue, `verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}`);
  return explainCommand(ctx, inner, verbosity);
};

/** Explains one command; also the answer to `aggregate` with `explain: true`. */
export function explainCommand(ctx: CommandContext, inner: Doc, verbosity: string): Doc {
  const cmdName = Object.keys(inner)[0];
  const shape = shapeOf(cmdName, inner);
  const view = ctx.view(shape.coll);
  const coll = view.base();
  const ns = `${ctx.db}.${shape.coll}`;
  const before = ctx.engine.docsExamined;
  const started = Date.now();
  if (coll) coll.planTrace = [];
  let returned: number;
  let used: string[];
  try {
    const skip = typeof shape.skip === 'number' ? shape.skip : undefined;
    const limit = typeof shape.limit === 'number' ? Math.abs(shape.limit) : undefined;
    returned = runQuery(view, { filter: shape.filter, sort: shape.sort, skip, limit, hint: shape.hint }).docs.length;
  } finally {
    used = coll?.planTrace ?? [];
    if (coll) coll.planTrace = null;
  }
  const examined = ctx.engine.docsExamined - before;
  // a sort with a limit may walk an index in sort order (when the filter cannot use one itself)
  const sortedByIndex =
    !!parseSort(shape.sort) &&
    !!shape.limit &&
    used.length === 1 &&
    (!Object.keys(shape.filter).length || coll?.plan(shape.filter) === null);
  const winningPlan = planTree(ctx, shape, used, sortedByIndex);
  const queryPlanner: Doc = {
    plannerVersion: 1,
    namespace: ns,
    indexFilterSet: false,
    parsedQuery: shape.filter,
    winningPlan,
    rejectedPlans: [],
  };
  const out: Doc = { explainVersion: '1', queryPlanner };
  if (verbosity !== 'queryPlanner') {
    out.executionStats = {
      executionSuccess: true,
      nReturned: returned,
      executionTimeMillis: Date.now() - started,
      totalKeysExamined: used.length ? examined : 0,
      totalDocsExamined: examined,
      executionStages: winningPlan,
    };
  }
  if (shape.rest && shape.rest.length) {
    out.stages = [{ $cursor: { queryPlanner, ...(out.executionStats ? { executionStats: out.executionStats } : {}) } }, ...shape.rest];
  }
  out.command = { ...inner, $db: ctx.db };
  out.serverInfo = { host: ctx.server.host, port: ctx.server.port, version: SERVER_VERSION, gitVersion: 'embedded' };
  return out;
}
