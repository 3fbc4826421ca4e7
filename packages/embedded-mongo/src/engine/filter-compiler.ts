import type { Document } from 'bson';
import { Query } from 'mingo';
import { compare, isEqual, typeOf } from 'mingo/util';
import { readPlainPath, UNSURE, type FieldPath } from './plain-path.ts';
import { isObjectId, valueKey } from './values.ts';

/**
 * A filter compiled once per command and tested against each candidate document. Filters made of
 * equalities and simple comparisons ($eq $ne $in $lt $lte $gt $gte $exists, joined by $and/$or)
 * on fields holding scalars are answered here; the answer is what mingo would say, because the
 * comparisons are mingo's own (isEqual, compare, typeOf) minus its per-query set-up. Any other
 * filter, and any document where a path meets an array (MongoDB's array traversal), goes to mingo.
 */
export type DocumentTest = (doc: Document) => boolean;

/** true/false when certain, UNSURE when only mingo can tell for this document. */
type Verdict = boolean | typeof UNSURE;
type Node = (doc: Document) => Verdict;
/** A condition on the value at a path; the value is never an array (those are UNSURE earlier). */
type ValueTest = (value: unknown) => Verdict;

export function compileFilter(filter: Document): DocumentTest {
  const fast = compileFastFilter(filter);
  if (!fast) {
    const query = new Query(filter, {});
    return (doc) => query.test(doc);
  }
  // Built only if a document needs it: setting up a mingo Query costs more than most tests.
  // A filter that compiles here is one mingo accepts, so building it late never moves an error.
  let query: Query | undefined;
  return (doc) => {
    const verdict = fast(doc);
    if (verdict !== UNSURE) return verdict;
    query ??= new Query(filter, {});
    return query.test(doc);
  };
}

/**
 * The compiled part alone: undefined if the filter is not covered, else a test answering true,
 * false or UNSURE (this document needs mingo). Exported for the tests that compare it with mingo.
 */
export function compileFastFilter(filter: Document): ((doc: Document) => boolean | typeof UNSURE) | undefined {
  return compileConjunction(filter);
}

function compileConjunction(filter: Document): Node | undefined {
  if (!isPlainObject(filter)) return undefined;
  const nodes: Node[] = [];
  for (const key of Object.keys(filter)) {
    const node = key === '$and' || key === '$or' ? compileLogical(key, filter[key]) : compileField(key, filter[key]);
    if (!node) return undefined;
    nodes.push(node);
  }
  return all(nodes);
}

function compileLogical(op: '$and' | '$or', parts: unknown): Node | undefined {
  // An empty list is an error in MongoDB and a quirk in mingo: mingo keeps it.
  if (!Array.isArray(parts) || parts.length === 0) return undefined;
  const nodes: Node[] = [];
  for (const part of parts) {
    const node = compileConjunction(part as Document);
    if (!node) return undefined;
    nodes.push(node);
  }
  return op === '$and' ? all(nodes) : any(nodes);
}

/** Three-valued AND: false wins, then UNSURE (mingo decides), else true. For documents and for values alike. */
function all<T>(tests: Array<(x: T) => Verdict>): (x: T) => Verdict {
  if (tests.length === 1) return tests[0] as (x: T) => Verdict;
  return (x) => {
    let verdict: Verdict = true;
    for (const test of tests) {
      const v = test(x);
      if (v === false) return false;
      if (v === UNSURE) verdict = UNSURE;
    }
    return verdict;
  };
}

function any(nodes: Node[]): Node {
  return (doc) => {
    let verdict: Verdict = false;
    for (const node of nodes) {
      const v = node(doc);
      if (v === true) return true;
      if (v === UNSURE) verdict = UNSURE;
    }
    return verdict;
  };
}

function compileField(path: string, condition: unknown): Node | undefined {
  const fieldPath = parsePath(path);
  if (!fieldPath) return undefined;
  const tests: ValueTest[] = [];
  if (isOperatorObject(condition)) {
    for (const [op, operand] of Object.entries(condition as Document)) {
      const test = compileOperator(op, operand);
      if (!test) return undefined;
      tests.push(test);
    }
  } else {
    const test = compileOperator('$eq', condition);
    if (!test) return undefined;
    tests.push(test);
  }
  const test = all(tests);
  return (doc) => {
    const value = readPlainPath(doc, fieldPath);
    return value === UNSURE ? UNSURE : test(value);
  };
}

function compileOperator(op: string, operand: unknown): ValueTest | undefined {
  switch (op) {
    case '$eq':
      return isSimpleOperand(operand) ? equalTo(operand) : undefined;
    case '$ne': {
      if (!isSimpleOperand(operand)) return undefined;
      const eq = equalTo(operand);
      return (value) => !eq(value);
    }
    case '$in':
      return Array.isArray(operand) && operand.every(isSimpleOperand) ? oneOf(operand) : undefined;
    case '$lt':
      return isSimpleOperand(operand) ? comparedTo(operand, (c) => c < 0) : undefined;
    case '$lte':
      return isSimpleOperand(operand) ? comparedTo(operand, (c) => c <= 0) : undefined;
    case '$gt':
      return isSimpleOperand(operand) ? comparedTo(operand, (c) => c > 0) : undefined;
    case '$gte':
      return isSimpleOperand(operand) ? comparedTo(operand, (c) => c >= 0) : undefined;
    case '$exists': {
      const wanted = Boolean(operand);
      return (value) => (value !== undefined) === wanted;
    }
    default:
      return undefined;
  }
}

/** mingo's $eq on a non-array value: isEqual, and null also matches a missing field. */
function equalTo(operand: unknown): (value: unknown) => boolean {
  if (operand === null) return (value) => value === null || value === undefined;
  if (typeof operand !== 'object') return (value) => value === operand || Object.is(value, operand);
  return (value) => isEqual(value, operand);
}

/**
 * mingo's $in on a non-array value: a missing or null field matches a null in the list; otherwise
 * membership is SameValueZero for primitives and isEqual for objects (its HashMap).
 */
function oneOf(operands: unknown[]): (value: unknown) => boolean {
  const hasNull = operands.includes(null);
  const primitives = new Set(operands.filter((x) => x === null || typeof x !== 'object'));
  const objects = operands.filter((x) => x !== null && typeof x === 'object');
  // ObjectIds by their bytes, in a set: a page of ids tested against each of its candidates was
  // quadratic in the page. Equal bytes are what isEqual holds equal; the rest keep isEqual.
  const objectIds = new Set(objects.filter(isObjectId).map(valueKey));
  const others = objects.filter((x) => !isObjectId(x));
  return (value) => {
    if (value === null || value === undefined) return hasNull;
    if (typeof value !== 'object') return primitives.has(value);
    if (objectIds.size > 0 && isObjectId(value) && objectIds.has(valueKey(value))) return true;
    return others.some((x) => isEqual(x, value));
  };
}

/**
 * mingo's $lt/$lte/$gt/$gte on a non-array value: only values of the operand's type compare.
 * ObjectIds from another copy of bson compare by their keys in mingo, so those are left to it.
 */
function comparedTo(operand: unknown, holds: (order: number) => boolean): ValueTest {
  // mingo's compare on two numbers, strings or booleans, or two Dates by time, is `order` below.
  if (typeof operand === 'number' || typeof operand === 'string' || typeof operand === 'boolean') {
    return (value) => typeof value === typeof operand && holds(order(value as typeof operand, operand));
  }
  if (operand instanceof Date) {
    const time = operand.getTime();
    return (value) => value instanceof Date && holds(order(value.getTime(), time));
  }
  const type = typeOf(operand);
  const ctor = (operand as { constructor?: unknown } | null)?.constructor;
  return (value) => {
    if (typeOf(value) !== type) return false;
    if (type === 'objectid' && (value as { constructor?: unknown }).constructor !== ctor) return UNSURE;
    return holds(compare(value, operand));
  };
}

/** mingo's simpleCmp: NaN is neither below nor above anything, so it orders as equal. */
function order<T extends number | string | boolean>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Operands whose comparisons are simple: no arrays, sub-documents, regexes or other BSON types. */
function isSimpleOperand(v: unknown): boolean {
  if (v === null) return true;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return true;
    case 'object':
      return v instanceof Date || isObjectId(v);
    default:
      return false;
  }
}

/** mingo's normalize: an object counts as operators if any key looks like one. */
function isOperatorObject(v: unknown): boolean {
  return isPlainObject(v) && Object.keys(v as Document).some((k) => /^\$[a-zA-Z0-9_]+$/.test(k));
}

function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && v.constructor === Object;
}

/** Names mingo treats specially or refuses: left to it. */
const PROTOTYPE_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__']);

function parsePath(path: string): FieldPath | undefined {
  if (path === '' || path.startsWith('$')) return undefined;
  const segments = path.split('.');
  if (segments.some((s) => s === '' || PROTOTYPE_NAMES.has(s))) return undefined;
  return segments;
}
