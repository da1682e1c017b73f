import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';
import type { TSchema, Static } from '@sinclair/typebox';
import { Body, Query, type PipeTransform } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { AppError } from './app-error';

/** ajv-formats' RFC 3339 date-time check (an object with `validate` for this format). */
const rfc3339 = fullFormats['date-time'] as { validate: (s: string) => boolean };
/**
 * Compiled JSON-schema validation (ajv) of the TypeBox schemas in libs/contracts: one schema for
 * server, client forms and OpenAPI, and ajv-class speed on the live hot path.
 */
const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: false });
/** Query strings arrive as text: coerce "3" → 3 and a single value → [value]. */
const ajvQuery = new Ajv({ allErrors: false, strict: false, coerceTypes: 'array' });
for (const instance of [ajv, ajvQuery]) {
  addFormats(instance);
  // RFC 3339 allows a leap second ("2026-12-31T23:59:60Z") and ajv-formats accepts it, but
  // `new Date()` makes it an Invalid Date that fails later, far from the input (a 500): a
  // date-time is valid only when JavaScript can also read it.
  instance.addFormat('date-time', { type: 'string', validate: (s: string) => rfc3339.validate(s) && Number.isFinite(Date.parse(s)) });
}

const cache = new WeakMap<TSchema, ValidateFunction>();
const queryCache = new WeakMap<TSchema, ValidateFunction>();

function compiled(schema: TSchema, query: boolean): ValidateFunction {
  const map = query ? queryCache : cache;
  let fn = map.get(schema);
  if (!fn) {
    fn = (query ? ajvQuery : ajv).compile(schema);
    map.set(schema, fn);
  }
  return fn;
}

function describe(err: ErrorObject, root = '(body)'): { field: string; reason: string } {
  let field = err.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (err.keyword === 'required') field = [field, (err.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.');
  if (err.keyword === 'additionalProperties') {
    // The unknown key is user text: name the object that holds it, never the key.
    return { field: field || root, reason: 'has a property that is not allowed' };
  }
  return { field: field || '(body)', reason: err.message ?? 'is invalid' };
}

/** Throws AppError VALIDATION.FAILED naming the field; returns the typed value. */
export function validate<T extends TSchema>(schema: T, value: unknown, opts: { query?: boolean } = {}): Static<T> {
  const fn = compiled(schema, opts.query ?? false);
  // Query objects from express have a null prototype; copy so coercion can write.
  const input = opts.query && value && typeof value === 'object' ? { ...(value as object) } : value;
  if (fn(input)) return input as Static<T>;
  const first = describe(
    (fn.errors ?? [])[0] ?? ({ instancePath: '', message: 'is invalid', keyword: '', params: {}, schemaPath: '' } as ErrorObject),
    opts.query ? '(query)' : '(body)',
  );
  throw AppError.validation(`${first.field} ${first.reason}`, { field: first.field, reason: first.reason });
}

/** A boolean check for hot paths that build their own error. */
export function check<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return compiled(schema, false)(value) as boolean;
}

class SchemaPipe implements PipeTransform {
  constructor(
    private readonly schema: TSchema,
    private readonly query: boolean,
  ) {}
  transform(value: unknown): unknown {
    return validate(this.schema, value ?? (this.query ? {} : undefined), { query: this.query });
  }
}

/** `@ValidBody(Schema) body: Static<typeof Schema>`: validates and documents the body in OpenAPI. */
export function ValidBody(schema: TSchema): ParameterDecorator {
  return (target, key, index) => {
    Body(new SchemaPipe(schema, false))(target, key, index);
    if (key !== undefined) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor) ApiBody({ schema: schema as never })(target, key, descriptor);
    }
  };
}

export function ValidQuery(schema: TSchema): ParameterDecorator {
  return (target, key, index) => Query(new SchemaPipe(schema, true))(target, key, index);
}
