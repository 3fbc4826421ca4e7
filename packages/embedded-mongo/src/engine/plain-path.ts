import type { Document } from 'bson';

/** A dotted field path, split once when a filter or update is compiled. */
export type FieldPath = readonly string[];

/** "Only the general (mingo) code can answer this one." */
export const UNSURE: unique symbol = Symbol('unsure');

/**
 * The value at `path` when reaching it needs no array semantics: every step is a plain object,
 * or the path stops at a missing field, null or a scalar (then the value is undefined, as in
 * mingo's resolve). Arrays anywhere, including the value itself, and other objects on the way
 * (Date, ObjectId, Binary...) give UNSURE.
 */
export function readPlainPath(doc: Document, path: FieldPath): unknown {
  let cur: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (cur.constructor !== Object) return UNSURE;
    cur = (cur as Document)[path[i] as string];
  }
  return Array.isArray(cur) ? UNSURE : cur;
}
