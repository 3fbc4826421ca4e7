import { ObjectId, serialize, type Document } from 'bson';
import { Aggregator, update as applyUpdate } from 'mingo';
import { commandError } from './errors.ts';
import { cloneDoc } from './query.ts';
import { updateWithoutMingo } from './update-compiler.ts';
import { setPath } from './values.ts';

type UpdateSpec = Document | Document[];

const IMMUTABLE_ID = "Performing an update on the path '_id' would modify the immutable field '_id'";

function isOperatorUpdate(u: Document): boolean {
  const keys = Object.keys(u);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/** Rejects a mix of operators and plain fields, as MongoDB does, instead of guessing. */
function assertUpdateShape(u: UpdateSpec): void {
  if (Array.isArray(u)) return;
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$')).length;
  if (ops > 0 && ops < keys.length)
    throw commandError('FailedToParse', `Unknown modifier or field mix in update: ${keys.join(', ')}`);
}

/**
 * The document after applying `u` (operators, replacement, or a pipeline) to a copy of `current`;
 * `current` itself is never changed. `inserting` applies $setOnInsert (upserts only).
 */
export function updatedDocument(
  current: Document,
  u: UpdateSpec,
  arrayFilters: Document[] | undefined,
  inserting = false,
): Document {
  assertUpdateShape(u);
  if (Array.isArray(u)) {
    const [out] = new Aggregator(u, {}).run<Document>([cloneDoc(current)]);
    if (out && out._id !== undefined && !sameValue(out._id, current._id))
      throw commandError('ImmutableField', IMMUTABLE_ID);
    return { _id: current._id, ...(out ?? {}) };
  }
  if (!isOperatorUpdate(u)) {
    if (u._id !== undefined && !sameValue(u._id, current._id)) throw commandError('ImmutableField', IMMUTABLE_ID);
    const { _id: _ignored, ...rest } = u;
    return { _id: current._id, ...rest };
  }
  const next =
    updateWithoutMingo(current, u, arrayFilters, inserting) ?? mingoUpdate(current, u, arrayFilters, inserting);
  if (!sameValue(next._id, current._id)) throw commandError('ImmutableField', IMMUTABLE_ID);
  if (Object.keys(next)[0] !== '_id') {
    const { _id, ...fields } = next;
    return { _id, ...fields };
  }
  return next;
}

function mingoUpdate(
  current: Document,
  u: Document,
  arrayFilters: Document[] | undefined,
  inserting: boolean,
): Document {
  const next = cloneDoc(current);
  const { $setOnInsert, ...rest } = u;
  if (Object.keys(rest).length > 0) applyUpdate(next, rest, arrayFilters, undefined, { cloneMode: 'none' });
  if (inserting && $setOnInsert)
    applyUpdate(next, { $set: $setOnInsert as Document }, undefined, undefined, { cloneMode: 'none' });
  return next;
}

/** The document an upsert inserts: the filter's equality fields, then the update (with $setOnInsert). */
export function upsertDocument(
  filter: Document | undefined,
  u: UpdateSpec,
  arrayFilters: Document[] | undefined,
): Document {
  assertUpdateShape(u);
  if (!Array.isArray(u) && !isOperatorUpdate(u)) {
    // A replacement upsert keeps only the _id of the filter.
    const id = u._id ?? equalityOf(filter?._id) ?? new ObjectId();
    const { _id: _ignored, ...rest } = u;
    return { _id: id, ...rest };
  }
  const seed: Document = {};
  collectEqualities(filter ?? {}, seed);
  const id = seed._id ?? new ObjectId();
  delete seed._id;
  return updatedDocument({ _id: id, ...seed }, u, arrayFilters, true);
}

/** Equality fields of a filter, including inside $and, as MongoDB seeds an upserted document. */
function collectEqualities(filter: Document, seed: Document): void {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const part of v) collectEqualities(part as Document, seed);
      continue;
    }
    if (k.startsWith('$')) continue;
    const eq = equalityOf(v);
    if (eq !== undefined) setPath(seed, k, eq);
  }
}

/** The BSON type of a driver value (ObjectId, BSONRegExp, ...), undefined for plain values. */
function bsonTypeOf(v: unknown): unknown {
  return typeof v === 'object' && v !== null && '_bsontype' in v ? v._bsontype : undefined;
}

function equalityOf(v: unknown): unknown {
  if (v === undefined) return undefined;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !bsonTypeOf(v)) {
    const keys = Object.keys(v);
    if (keys.some((x) => x.startsWith('$')))
      return keys.length === 1 && keys[0] === '$eq' ? (v as Document).$eq : undefined;
  }
  if (v instanceof RegExp || bsonTypeOf(v) === 'BSONRegExp') return undefined;
  return v;
}

/** BSON equality (same type and bytes), for _id immutability and "was anything modified". */
export function sameValue(a: unknown, b: unknown): boolean {
  // Object.is: -0 and 0 are equal to ===, but not the same bytes (a double -0 against an int 0).
  if (Object.is(a, b)) return true;
  return Buffer.from(serialize({ v: a })).equals(serialize({ v: b }));
}

/**
 * Same BSON bytes. With the same keys in the same order that is the same bytes field by field,
 * and a field the update did not touch is the very same object: only changed fields are encoded.
 */
export function sameDocument(a: Document, b: Document): boolean {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length === keysB.length && keysA.every((k, i) => k === keysB[i]))
    return keysA.every((k) => sameValue(a[k], b[k]));
  // A field one has and the other lacks is bytes the other lacks (unless undefined, which is not
  // encoded): most updates add a field (a lease, a time), and need not encode both documents whole.
  if (hasOwnDefinedFieldMissingIn(keysA, a, b) || hasOwnDefinedFieldMissingIn(keysB, b, a)) return false;
  return Buffer.from(serialize(a)).equals(serialize(b));
}

function hasOwnDefinedFieldMissingIn(keys: string[], doc: Document, other: Document): boolean {
  return keys.some((k) => doc[k] !== undefined && !Object.hasOwn(other, k));
}
