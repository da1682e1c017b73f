/**
 * Geospatial query operators: $geoWithin ($box, $center, $centerSphere, $polygon, $geometry),
 * $geoIntersects, $near and $nearSphere, on legacy coordinate pairs and GeoJSON. Spherical
 * distances and the GeoJSON predicates come from Turf (@turf/distance, @turf/boolean-*); planar
 * ones (the `2d` operators) are plain Euclidean geometry. No geo index is consulted: queries scan.
 */
import { distance } from '@turf/distance';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { booleanIntersects } from '@turf/boolean-intersects';
import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import { badValue } from '../errors';
import { Doc, isNumeric, isPlainObject, plainify, toNumber } from '../bson/values';

/** MongoDB's earth radius for converting radians to meters. */
const EARTH_RADIUS_M = 6378100;

type Point = [number, number];

/** A legacy pair ([x, y] or {a: x, b: y}) or a GeoJSON Point. */
export function toPoint(v: unknown): Point | null {
  if (Array.isArray(v)) {
    if (v.length >= 2 && isNumeric(v[0]) && isNumeric(v[1])) return [toNumber(v[0]), toNumber(v[1])];
    return null;
  }
  if (!isPlainObject(v)) return null;
  if (v.type === 'Point') return toPoint(v.coordinates);
  if (typeof v.type === 'string') return null;
  const nums = Object.values(v).filter(isNumeric);
  return nums.length >= 2 ? [toNumber(nums[0]), toNumber(nums[1])] : null;
}

/** A GeoJSON geometry (plain numbers), or a point for a legacy pair. */
function toGeometry(v: unknown): Geometry | null {
  if (isPlainObject(v) && typeof v.type === 'string' && v.type !== 'Point') {
    if (v.type === 'GeometryCollection') return Array.isArray(v.geometries) ? (plainify(v) as Geometry) : null;
    return Array.isArray(v.coordinates) ? (plainify({ type: v.type, coordinates: v.coordinates }) as Geometry) : null;
  }
  const p = toPoint(v);
  return p ? { type: 'Point', coordinates: p } : null;
}

function queryGeometry(arg: unknown, op: string): Geometry {
  const g = isPlainObject(arg) ? toGeometry(arg) : null;
  if (!g) throw badValue(`${op}: $geometry must be a GeoJSON geometry`);
  return g;
}

const radians = (a: Point, b: Point) => distance(a, b, { units: 'radians' });
const planar = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

function pairs(v: unknown, op: string, min: number): Point[] {
  if (!Array.isArray(v) || v.length < min) throw badValue(`${op} needs an array of at least ${min} points`);
  return v.map((p) => {
    const pt = toPoint(p);
    if (!pt) throw badValue(`${op}: bad point ${JSON.stringify(plainify(p))}`);
    return pt;
  });
}

/** Every position of a geometry, for "all of it lies inside" tests. */
function positions(g: Geometry): Point[] {
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(positions);
  const out: Point[] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') out.push([c[0], c[1] as number]);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(g.coordinates);
  return out;
}

/** The predicate of a $geoWithin (or legacy $within) operand. */
export function withinPredicate(arg: unknown): (v: unknown) => boolean {
  if (!isPlainObject(arg)) throw badValue('$geoWithin needs an object');
  const shape = Object.keys(arg)[0];
  const spec = arg[shape];
  switch (shape) {
    case '$box': {
      const [a, b] = pairs(spec, '$box', 2);
      const [x1, x2] = [Math.min(a[0], b[0]), Math.max(a[0], b[0])];
      const [y1, y2] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])];
      return (v) => {
        const p = toPoint(v);
        return !!p && p[0] >= x1 && p[0] <= x2 && p[1] >= y1 && p[1] <= y2;
      };
    }
    case '$center':
    case '$centerSphere': {
      if (!Array.isArray(spec) || spec.length !== 2 || !isNumeric(spec[1])) throw badValue(`${shape} needs [[x, y], radius]`);
      const c = toPoint(spec[0]);
      if (!c) throw badValue(`${shape}: bad center`);
      const r = toNumber(spec[1]);
      const d = shape === '$center' ? planar : radians;
      return (v) => {
        const p = toPoint(v);
        return !!p && d(p, c) <= r;
      };
    }
    case '$polygon': {
      const ring = pairs(spec, '$polygon', 3);
      const poly: Polygon = { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
      return (v) => {
        const p = toPoint(v);
        return !!p && booleanPointInPolygon(p, poly);
      };
    }
    case '$geometry': {
      const g = queryGeometry(spec, '$geoWithin');
      if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') throw badValue('$geoWithin $geometry must be a Polygon or MultiPolygon');
      const area = g as Polygon | MultiPolygon;
      return (v) => {
        const dg = toGeometry(v);
        return !!dg && positions(dg).every((p) => booleanPointInPolygon(p, area));
      };
    }
    default:
      throw badValue(`unknown geo specifier: ${shape}`);
  }
}

/** The predicate of a $geoIntersects operand ({$geometry: ...}). */
export function intersectsPredicate(arg: unknown): (v: unknown) => boolean {
  if (!isPlainObject(arg) || !('$geometry' in arg)) throw badValue('$geoIntersects needs a $geometry');
  const g = queryGeometry(arg.$geometry, '$geoIntersects');
  return (v) => {
    const dg = toGeometry(v);
    return !!dg && booleanIntersects(dg, g);
  };
}

export interface Near {
  /** distance from the query point, in the query's units; null when the value is not a point */
  distance(v: unknown): number | null;
  min: number;
  max: number;
}

/**
 * A $near / $nearSphere clause: legacy ([x, y] with $maxDistance in the same units, or radians
 * for $nearSphere) or GeoJSON ({$geometry, $maxDistance, $minDistance} in meters).
 */
export function parseNear(op: '$near' | '$nearSphere', arg: unknown, siblings: Doc): Near {
  let center: Point | null;
  let unit: (a: Point, b: Point) => number;
  let max = siblings.$maxDistance;
  let min = siblings.$minDistance;
  if (isPlainObject(arg) && '$geometry' in arg) {
    center = toPoint(arg.$geometry);
    unit = (a, b) => radians(a, b) * EARTH_RADIUS_M;
    max = arg.$maxDistance ?? max;
    min = arg.$minDistance ?? min;
  } else {
    center = toPoint(arg);
    unit = op === '$nearSphere' ? radians : planar;
  }
  if (!center) throw badValue(`${op} needs a point: [x, y] or {$geometry: {type: 'Point', coordinates: [lng, lat]}}`);
  if (max !== undefined && (!isNumeric(max) || toNumber(max) < 0)) throw badValue('$maxDistance must be a non-negative number');
  if (min !== undefined && (!isNumeric(min) || toNumber(min) < 0)) throw badValue('$minDistance must be a non-negative number');
  const c = center;
  return {
    distance(v) {
      const p = toPoint(v);
      return p ? unit(p, c) : null;
    },
    min: min === undefined ? 0 : toNumber(min),
    max: max === undefined ? Infinity : toNumber(max),
  };
}

/** The first $near/$nearSphere in a filter (its results are returned nearest first). */
export function findNear(filter: Doc): { path: string; near: Near } | null {
  for (const k of Object.keys(filter)) {
    const c = filter[k];
    if (k === '$and' && Array.isArray(c)) {
      for (const sub of c) {
        const r = isPlainObject(sub) ? findNear(sub) : null;
        if (r) return r;
      }
    }
    if (k.startsWith('$') || !isPlainObject(c)) continue;
    for (const op of ['$near', '$nearSphere'] as const) if (op in c) return { path: k, near: parseNear(op, c[op], c) };
  }
  return null;
}
