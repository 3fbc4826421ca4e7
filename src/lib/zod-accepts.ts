import type { z } from 'zod';

/**
 * A yes/no check compiled from a zod schema, for data checked on every request that nearly always
 * passes: it walks the value without building zod's copy of it or an issue list. zod's own parse
 * of a stored submission allocated about 100 kB per submission; this allocates nothing.
 *
 * The schema stays the one definition of the rule: callers ask zod itself when the answer is
 * "no", for its message. Only schemas whose output equals their input are compiled (no defaults,
 * transforms, coercion or catch-alls), so a value that passes can be used as the parse result.
 * Anything else in the schema is refused when the module loads, naming what it met.
 */
export type Accepts = (value: unknown) => boolean;

/** Compiles `schema`; throws for a schema feature it does not know (a bug caught at start-up). */
export function zodAccepts(schema: z.ZodType): Accepts {
  return compile(schema, 'schema');
}

/** zod's answer for a value: the value itself when it passes, zod's account of what is wrong otherwise. */
export type Checked<T> = { success: true; data: T } | { success: false; error: z.ZodError };

/**
 * A check with zod's answer, for values that nearly always pass (a stored document): the compiled
 * check says yes without copying the value, and zod is asked only for a refusal's message.
 */
export function zodCheck<S extends z.ZodType>(schema: S): (value: unknown) => Checked<z.infer<S>> {
  const accepts = zodAccepts(schema);
  return (value) => {
    if (accepts(value)) return { success: true, data: value as z.infer<S> };
    const parsed = schema.safeParse(value);
    return parsed.success ? { success: true, data: parsed.data } : { success: false, error: parsed.error };
  };
}

// zod's definitions are its public introspection API (`_zod.def`, `zod/v4/core`); typed here by
// the fields read, since zod's own types describe each schema class separately.
interface Def {
  type: string;
  checks?: ReadonlyArray<{ _zod: { def: CheckDef } }>;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  values?: readonly unknown[];
  entries?: Record<string, unknown>;
  fn?: (value: unknown) => unknown;
  coerce?: boolean;
}

interface CheckDef {
  check: string;
  value?: number;
  inclusive?: boolean;
  format?: string;
  minimum?: number;
  maximum?: number;
  pattern?: RegExp;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function compile(schema: z.ZodType, at: string): Accepts {
  const def = defOf(schema);
  if (def.coerce) throw new Error(`zodAccepts: ${at} coerces its input`);
  const base = compileType(def, at);
  const checks = (def.checks ?? []).map((check) => compileCheck(check._zod.def, at));
  if (checks.length === 0) return base;
  return (value) => {
    if (!base(value)) return false;
    for (const check of checks) if (!check(value)) return false;
    return true;
  };
}

function compileType(def: Def, at: string): Accepts {
  switch (def.type) {
    case 'string':
      return (value) => typeof value === 'string';
    case 'number':
      return (value) => typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'date':
      return (value) => value instanceof Date && !Number.isNaN(value.getTime());
    case 'literal': {
      const values = def.values ?? [];
      return (value) => values.includes(value);
    }
    case 'enum': {
      const values = Object.values(def.entries ?? {});
      return (value) => values.includes(value);
    }
    case 'custom': {
      const fn = def.fn;
      if (!fn) throw new Error(`zodAccepts: ${at} is a custom schema without a check`);
      return (value) => Boolean(fn(value));
    }
    case 'optional': {
      const inner = compile(required(def.innerType, at), at);
      return (value) => value === undefined || inner(value);
    }
    case 'array': {
      const element = compile(required(def.element, at), `${at}[]`);
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (const item of value) if (!element(item)) return false;
        return true;
      };
    }
    case 'object':
      return compileObject(def, at);
    default:
      throw new Error(`zodAccepts: ${at} is a ${def.type} schema, which it does not compile`);
  }
}

function compileObject(def: Def, at: string): Accepts {
  const catchall = def.catchall && defOf(def.catchall).type;
  if (catchall !== 'never') throw new Error(`zodAccepts: ${at} is not a strict object (unknown keys would pass)`);
  const fields = Object.entries(def.shape ?? {}).map(([key, schema]) => ({
    key,
    accepts: compile(schema, `${at}.${key}`),
  }));
  const known = new Set(fields.map((f) => f.key));
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    // As zod reads them: a missing key is undefined, which only an optional field accepts.
    for (const field of fields) if (!field.accepts(record[field.key])) return false;
    for (const key in record) if (Object.hasOwn(record, key) && !known.has(key)) return false;
    return true;
  };
}

function compileCheck(check: CheckDef, at: string): Accepts {
  switch (check.check) {
    case 'greater_than': {
      const bound = requiredNumber(check.value, at);
      return check.inclusive ? (v) => (v as number) >= bound : (v) => (v as number) > bound;
    }
    case 'less_than': {
      const bound = requiredNumber(check.value, at);
      return check.inclusive ? (v) => (v as number) <= bound : (v) => (v as number) < bound;
    }
    case 'number_format':
      if (check.format !== 'safeint') break;
      return (v) => Number.isSafeInteger(v);
    case 'min_length': {
      const min = requiredNumber(check.minimum, at);
      return (v) => (v as { length: number }).length >= min;
    }
    case 'max_length': {
      const max = requiredNumber(check.maximum, at);
      return (v) => (v as { length: number }).length <= max;
    }
    case 'string_format': {
      const pattern = check.format === 'regex' ? check.pattern : undefined;
      if (!pattern) break;
      return (v) => {
        pattern.lastIndex = 0;
        return pattern.test(v as string);
      };
    }
  }
  throw new Error(
    `zodAccepts: ${at} has a ${check.check} check${check.format ? ` (${check.format})` : ''}, which it does not compile`,
  );
}

function required(schema: z.ZodType | undefined, at: string): z.ZodType {
  if (!schema) throw new Error(`zodAccepts: ${at} has no inner schema`);
  return schema;
}

function requiredNumber(value: number | undefined, at: string): number {
  if (typeof value !== 'number') throw new Error(`zodAccepts: ${at} has a check without its bound`);
  return value;
}
