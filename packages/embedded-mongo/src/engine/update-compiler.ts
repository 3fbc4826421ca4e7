import type { Document } from 'bson';
import { compare, isEqual, typeOf } from 'mingo/util';

/**
 * Update documents made of $set, $unset, $inc, $max and $min on plain (possibly dotted) fields,
 * applied without mingo's per-call set-up and without a deep copy of the document: the result
 * shares every untouched value with `current`, which is safe because stored documents are never
 * changed in place. Each step reproduces what mingo's updater does (the same isEqual and compare);
 * whatever mingo would refuse, or treats differently from MongoDB (a null or scalar on the way,
 * an array, $inc on a non-number, $max across types), is not covered and goes to mingo.
 */
type Operator = '$set' | '$unset' | '$inc' | '$max' | '$min';

interface Step {
  op: Operator;
  path: string[];
  value: unknown;
}

const OPERATORS = new Set<string>(['$set', '$unset', '$inc', '$max', '$min']);
const PROTOTYPE_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__']);
/**
 * Thrown inside applySteps when a document turns out not to be covered (mingo applies the update
 * instead); never escapes. One shared instance: a throw captures no stack, and identity tells it
 * from a real error.
 */
class NotCovered extends Error {}
const NOT_COVERED = new NotCovered('update not covered by the compiled path');

/**
 * `current` after the operator update `u` (with $setOnInsert when `inserting`), or undefined when
 * mingo must do it. Mirrors updates.ts's mingo path: the update, then $setOnInsert as a $set.
 */
export function updateWithoutMingo(
  current: Document,
  u: Document,
  arrayFilters: Document[] | undefined,
  inserting: boolean,
): Document | undefined {
  if (arrayFilters && arrayFilters.length > 0) return undefined;
  const { $setOnInsert, ...rest } = u;
  const steps = Object.keys(rest).length > 0 ? compileUpdate(rest) : [];
  if (!steps) return undefined;
  // Two lists, as mingo gets two calls: conflicts are checked within each, not across.
  const onInsert = inserting && $setOnInsert ? compileUpdate({ $set: $setOnInsert as Document }) : [];
  if (!onInsert) return undefined;
  return applySteps(current, onInsert.length > 0 ? [...steps, ...onInsert] : steps);
}

/** The steps of `u` (operators only), or undefined if mingo must handle it. */
function compileUpdate(u: Document): Step[] | undefined {
  const steps: Step[] = [];
  for (const op of Object.keys(u)) {
    if (!OPERATORS.has(op)) return undefined;
    const fields = u[op] as unknown;
    if (!isPlainObject(fields) || Object.keys(fields as Document).length === 0) return undefined;
    for (const [field, value] of Object.entries(fields as Document)) {
      const path = plainPath(field);
      if (!path || !coveredOperand(op as Operator, value)) return undefined;
      steps.push({ op: op as Operator, path, value });
    }
  }
  return conflictFree(steps) ? steps : undefined;
}

/** `current` with `steps` applied, as a new object; undefined if this document needs mingo. */
function applySteps(current: Document, steps: Step[]): Document | undefined {
  const next: Document = { ...current };
  // Objects this update made (copies or new): only those may be written to.
  const owned = new Set<object>([next]);
  try {
    for (const step of steps) applyStep(next, step, owned);
  } catch (error) {
    if (error === NOT_COVERED) return undefined;
    throw error;
  }
  return next;
}

function applyStep(root: Document, { op, path, value }: Step, owned: Set<object>): void {
  let parent = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    const item: unknown = parent[key];
    if (item === undefined) {
      if (op === '$unset') return;
      const created = {};
      owned.add(created);
      parent[key] = created;
      parent = created;
      continue;
    }
    // mingo replaces a null on the way and skips a scalar; MongoDB refuses both. $unset
    // through null is a no-op in both.
    if (item === null && op === '$unset') return;
    if (!isPlainObject(item)) throw NOT_COVERED;
    if (!owned.has(item as object)) {
      const copy = { ...(item as Document) };
      owned.add(copy);
      parent[key] = copy;
      parent = copy;
    } else {
      parent = item as Document;
    }
  }
  applyAt(parent, path[path.length - 1] as string, op, value);
}

/** One operator on one field of a plain object, as mingo's update operators do it. */
function applyAt(o: Document, key: string, op: Operator, value: unknown): void {
  const old: unknown = o[key];
  switch (op) {
    case '$set':
      if (!isEqual(old, value)) o[key] = value;
      return;
    case '$unset':
      if (Object.prototype.hasOwnProperty.call(o, key)) delete o[key];
      return;
    case '$inc':
      if (old !== undefined && !isNumber(old)) throw NOT_COVERED;
      o[key] = (old || 0) + (value as number);
      return;
    case '$max':
      if (!comparable(old, value)) throw NOT_COVERED;
      if (compare(old, value) < 0) o[key] = value;
      return;
    case '$min':
      if (!comparable(old, value)) throw NOT_COVERED;
      if (old === undefined || compare(old, value) > 0) o[key] = value;
      return;
  }
}

/**
 * $max/$min where mingo's order agrees with MongoDB's: a missing field or null (below any
 * number, string or date in both), or a value of the operand's own type. NaN and invalid dates
 * never get here (coveredOperand), and a NaN already stored is not comparable.
 */
function comparable(old: unknown, operand: unknown): boolean {
  if (old === undefined || old === null) return true;
  if (typeOf(old) !== typeOf(operand)) return false;
  if (typeof old === 'number') return !Number.isNaN(old);
  if (old instanceof Date) return !Number.isNaN(old.getTime());
  return true;
}

function coveredOperand(op: Operator, value: unknown): boolean {
  switch (op) {
    case '$set':
    case '$unset':
      return true;
    case '$inc':
      return isNumber(value);
    case '$max':
    case '$min':
      return isNumber(value) || typeof value === 'string' || (value instanceof Date && !Number.isNaN(value.getTime()));
  }
}

/** The path of a plain field: no positional or array-index parts, nothing mingo refuses. */
function plainPath(field: string): string[] | undefined {
  if (field.includes('$')) return undefined;
  const path = field.split('.');
  for (const part of path) {
    if (part === '' || PROTOTYPE_NAMES.has(part) || /^\d+$/.test(part)) return undefined;
  }
  // The immutable _id: mingo's error message is the one to keep.
  if (path[0] === '_id') return undefined;
  return path;
}

/** No field updated twice or inside another updated field (mingo and MongoDB refuse both). */
function conflictFree(steps: Step[]): boolean {
  const fields = steps.map((s) => s.path.join('.'));
  for (let i = 0; i < fields.length; i++) {
    for (let j = 0; j < fields.length; j++) {
      if (i === j) continue;
      const a = fields[i] as string;
      const b = fields[j] as string;
      if (a === b || b.startsWith(`${a}.`)) return false;
    }
  }
  return true;
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && !Number.isNaN(v);
}

function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && v.constructor === Object;
}
