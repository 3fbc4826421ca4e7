import { deserialize, serialize, type Document } from 'bson';
import { Query } from 'mingo';
import { sortBySingleScalarKey, topBySingleScalarKey } from './top-k.ts';
import type { Collection } from './collection.ts';
import { compileFilter } from './filter-compiler.ts';
import { compileFastProjection } from './projection.ts';
import { isIndexableEquality, valueKey } from './values.ts';

export interface Selection {
  filter?: Document | undefined;
  sort?: Document | undefined;
  skip?: number | undefined;
  limit?: number | undefined;
  projection?: Document | undefined;
}

/**
 * The documents matching `filter`. Stored documents are never changed in place (updates store a new
 * object), so callers may hand them out without copying. An equality on _id or on an indexed field
 * (plain value, $eq or $in) narrows the candidates to a hash lookup; the full filter then decides,
 * so the index only ever saves work, never changes the answer. The filter is compiled once
 * per call (filter-compiler.ts), with mingo behind it for what the compiled form does not cover.
 */
export function matching(c: Collection | undefined, filter: Document | undefined, atMost = Infinity): Document[] {
  if (!c) return [];
  const f = filter ?? {};
  const keys = Object.keys(f);
  const everything = keys.length === 0;
  if (everything && atMost >= c.docs.size) return [...c.docs.values()];
  const candidates = everything ? undefined : plannedCandidates(c, f, keys);
  const test = everything ? undefined : compileFilter(f);
  const out: Document[] = [];
  for (const doc of candidates ?? c.docs.values()) {
    // A findOne, or an unsorted find with a limit: the first matches are the answer.
    if (out.length >= atMost) break;
    if (!test || test(doc)) out.push(doc);
  }
  return out;
}

function plannedCandidates(c: Collection, f: Document, keys: string[]): Iterable<Document> | undefined {
  // The narrowest indexed equality wins: counting a lookup is a Map read, testing a document is not.
  let best: { field: string; values: unknown[]; count: number } | undefined;
  for (const field of keys) {
    if (field.startsWith('$')) continue;
    const values = equalityValues(f[field]);
    if (!values) continue;
    if (field === '_id') {
      const out: Document[] = [];
      for (const v of values) {
        const doc = c.getById(v);
        if (doc) out.push(doc);
      }
      return values.length > 1 ? dedupe(out) : out;
    }
    if (!c.hasIndexOn(field)) continue;
    const count = values.reduce<number>((n, v) => n + c.candidateCount(field, v), 0);
    if (!best || count < best.count) best = { field, values, count };
  }
  if (!best) return undefined;
  const { field } = best;
  const values = distinctKeys(best.values);
  const found = values.flatMap((v) => c.candidatesFor(field, v) ?? []);
  // Distinct values of a field no document holds an array in select distinct documents.
  return values.length > 1 && c.isMultikey(field) ? dedupe(found) : found;
}

/** The values without repeats, as the index keys them ($in: [1, 1.0] asks once). */
function distinctKeys(values: unknown[]): unknown[] {
  if (values.length < 2) return values;
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = valueKey(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The values an equality condition allows, if the index can answer it. */
function equalityValues(cond: unknown): unknown[] | undefined {
  if (isIndexableEquality(cond)) return [cond];
  if (cond === null || typeof cond !== 'object' || Array.isArray(cond)) return undefined;
  const ops = Object.keys(cond);
  if (ops.length !== 1) return undefined;
  const doc = cond as Document;
  if (ops[0] === '$eq' && isIndexableEquality(doc.$eq)) return [doc.$eq];
  if (ops[0] === '$in' && Array.isArray(doc.$in) && doc.$in.length <= 1000 && doc.$in.every(isIndexableEquality))
    return doc.$in as unknown[];
  return undefined;
}

function dedupe(docs: Document[]): Document[] {
  const seen = new Set<string>();
  return docs.filter((d) => {
    const k = valueKey(d._id);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** find's pipeline: filter, sort, skip, limit, projection (MongoDB's order). */
export function select(c: Collection | undefined, s: Selection): Document[] {
  const skip = Math.max(0, Number(s.skip ?? 0));
  const limit = Math.abs(Number(s.limit ?? 0));
  const sort = s.sort && Object.keys(s.sort).length > 0 ? s.sort : undefined;
  let docs = matching(c, s.filter, !sort && limit > 0 ? skip + limit : Infinity);
  // One document (a learner's only attempt) is in every order.
  if (sort && docs.length > 1) {
    const top = limit > 0 && skip + limit <= 16 ? topBySingleScalarKey(docs, sort, skip + limit) : undefined;
    docs = top ?? sortBySingleScalarKey(docs, sort) ?? (new Query({}, {}).find(docs).sort(sort).all() as Document[]);
  }
  if (skip > 0) docs = docs.slice(skip);
  if (limit > 0) docs = docs.slice(0, limit);
  return project(docs, s.projection);
}

export function project(docs: Document[], projection: Document | undefined): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  const fast = compileFastProjection(projection);
  if (fast) return docs.map(fast);
  // mingo projects in place: an excluded field inside a sub-document or an array's elements was
  // deleted from the stored document itself (and written to the next snapshot). It gets copies.
  return new Query({}, {}).find(docs.map(cloneDoc), projection).all() as Document[];
}

/** A deep copy that keeps BSON types (structuredClone would drop ObjectId's class). */
export function cloneDoc(doc: Document): Document {
  return deserialize(serialize(doc), { promoteValues: true, bsonRegExp: true });
}
