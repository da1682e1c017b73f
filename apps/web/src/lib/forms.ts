/**
 * Form validation with the request schemas from libs/contracts (TypeBox 0.34). The
 * @hookform/resolvers typebox resolver targets the newer `typebox` 1.x package, which the
 * contracts do not use, so this is the few lines it would have been.
 */
import type { FieldError, FieldValues, Resolver } from 'react-hook-form';
import { toNestErrors } from '@hookform/resolvers';
import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

if (!FormatRegistry.Has('email')) FormatRegistry.Set('email', (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v));
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)));

export interface SchemaIssue {
  path: string;
  message: string;
}

/** Every problem of `value` against `schema`, as dotted paths (e.g. `question.domains`). */
export function schemaIssues(schema: TSchema, value: unknown): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const e of Value.Errors(schema, value)) {
    const path = e.path.split('/').filter(Boolean).join('.');
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ path, message: humanise(e.message) });
  }
  return out;
}

function humanise(message: string): string {
  if (/Expected string length greater or equal to 1/.test(message)) return 'Required';
  if (/Expected required property/.test(message)) return 'Required';
  return message;
}

/** A react-hook-form resolver that checks form values against a contracts schema. */
export function schemaResolver<T extends FieldValues>(schema: TSchema, clean: (v: T) => unknown = (v) => v): Resolver<T> {
  return (values, _context, options) => {
    const issues = schemaIssues(schema, clean(values));
    if (issues.length === 0) return { values, errors: {} };
    const flat: Record<string, FieldError> = {};
    for (const i of issues) flat[i.path || 'root'] = { type: 'schema', message: i.message };
    return { values: {}, errors: toNestErrors(flat, options) };
  };
}

/** Drop empty strings and empty objects so optional fields stay absent rather than invalid. */
export function pruneEmpty<T>(value: T): T {
  if (Array.isArray(value)) return value.map(pruneEmpty) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const p = pruneEmpty(v);
      if (p === '' || p === undefined) continue;
      if (p && typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length === 0) continue;
      out[k] = p;
    }
    return out as T;
  }
  return value;
}
