import { ObjectId, type Document } from 'bson';
import { Query } from 'mingo';
import { commandError, type CommandError } from './errors.ts';
import { LastKeys } from './last-keys.ts';
import { getPath, pathValues, valueKey } from './values.ts';

export interface IndexSpec {
  name: string;
  key: Record<string, number | string>;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Document;
}

export const ID_INDEX: IndexSpec = { name: '_id_', key: { _id: 1 } };

/** MongoDB's default index name: { a: 1, b: -1 } -> "a_1_b_-1". */
export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}

/** The spec stored for a createIndexes entry (only the options the store understands). */
export function normalizeIndexSpec(raw: Document): IndexSpec {
  const key = raw.key as Record<string, number | string> | undefined;
  if (!key || typeof key !== 'object' || Object.keys(key).length === 0)
    throw commandError('BadValue', 'index key pattern must be a non-empty object');
  return {
    name: String(raw.name ?? defaultIndexName(key)),
    key,
    ...(raw.unique ? { unique: true } : {}),
    ...(raw.sparse ? { sparse: true } : {}),
    ...(typeof raw.expireAfterSeconds === 'number' ? { expireAfterSeconds: raw.expireAfterSeconds } : {}),
    ...(raw.partialFilterExpression ? { partialFilterExpression: raw.partialFilterExpression as Document } : {}),
  };
}

/** Same key and options: creating it again is a no-op, as in MongoDB. */
export function sameIndex(a: IndexSpec, b: IndexSpec): boolean {
  return (
    JSON.stringify(a.key) === JSON.stringify(b.key) &&
    Boolean(a.unique) === Boolean(b.unique) &&
    Boolean(a.sparse) === Boolean(b.sparse) &&
    a.expireAfterSeconds === b.expireAfterSeconds &&
    JSON.stringify(a.partialFilterExpression ?? null) === JSON.stringify(b.partialFilterExpression ?? null)
  );
}

/** Keys past this many per document (compound over several arrays) are not worth a hash index. */
const MAX_KEYS_PER_DOC = 1000;

/**
 * A unique index as a hash map from index key to the owning document's _id key: inserts and
 * duplicate checks are O(1) whatever the collection size. Array fields are multikey (each element
 * is a key), missing fields index as null unless the index is sparse, like MongoDB.
 */
export class UniqueIndex {
  readonly fields: string[];
  private readonly partial: Query | undefined;
  private readonly entries = new Map<string, string>();
  private readonly recent = new LastKeys((doc) => this.computeKeys(doc));

  constructor(
    readonly spec: IndexSpec,
    private readonly namespace: string,
  ) {
    this.fields = Object.keys(spec.key);
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression, {}) : undefined;
  }

  keysOf(doc: Document): string[] {
    return this.recent.of(doc);
  }

  private computeKeys(doc: Document): string[] {
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((f) => indexedValues(doc, f));
    if (this.spec.sparse && perField.every((values) => values.length === 1 && values[0] === undefined)) return [];
    let keys = [''];
    for (const values of perField) {
      keys = keys.flatMap((prefix) => values.map((v) => `${prefix}|${valueKey(v)}`));
      if (keys.length > MAX_KEYS_PER_DOC) keys = keys.slice(0, MAX_KEYS_PER_DOC);
    }
    return keys;
  }

  /** Throws E11000 if `doc` would take a key owned by a document other than `ownerIdKey`. */
  check(doc: Document, ownerIdKey: string): void {
    for (const key of this.keysOf(doc)) {
      const owner = this.entries.get(key);
      if (owner !== undefined && owner !== ownerIdKey)
        throw duplicateKeyError(this.namespace, this.spec, keyValueOf(doc, this.fields));
    }
  }

  add(doc: Document, idKey: string): void {
    for (const key of this.keysOf(doc)) this.entries.set(key, idKey);
  }

  remove(doc: Document, idKey: string): void {
    for (const key of this.keysOf(doc)) if (this.entries.get(key) === idKey) this.entries.delete(key);
  }

  /** `previous` replaced by `next` under the same _id (see keptAcross). */
  replace(previous: Document, next: Document, idKey: string): void {
    // A partial index's filter may read any field: only its key fields are known to matter.
    if (!this.partial && this.fields.every((f) => keptAcross(previous, next, f))) return;
    this.remove(previous, idKey);
    this.add(next, idKey);
  }
}

/**
 * An equality lookup on one field (the first of every secondary index): value key -> _id keys.
 * Queries use it to narrow the documents they test, so finding by attemptId is not a scan.
 */
export class FieldIndex {
  private readonly buckets = new Map<string, Set<string>>();
  /** Documents filed under more than one key (an array on the path): only they can be in two buckets. */
  private multikeyDocs = 0;

  constructor(readonly field: string) {}

  /**
   * Whether a document may be found under two of this index's keys. While none is, the documents
   * of different keys are different documents, and an $in lookup needs no de-duplication (which,
   * over the outbox's whole backlog of pending scores at every claim, cost more than the query).
   */
  get multikey(): boolean {
    return this.multikeyDocs > 0;
  }

  add(doc: Document, idKey: string): void {
    const keys = this.keysOf(doc);
    if (keys.size > 1) this.multikeyDocs++;
    for (const key of keys) {
      let set = this.buckets.get(key);
      if (!set) {
        set = new Set();
        this.buckets.set(key, set);
      }
      set.add(idKey);
    }
  }

  remove(doc: Document, idKey: string): void {
    const keys = this.keysOf(doc);
    let filed = false;
    for (const key of keys) {
      const set = this.buckets.get(key);
      if (!set) continue;
      if (set.delete(idKey)) filed = true;
      if (set.size === 0) this.buckets.delete(key);
    }
    if (filed && keys.size > 1) this.multikeyDocs--;
  }

  /** `previous` replaced by `next` under the same _id (see keptAcross). */
  replace(previous: Document, next: Document, idKey: string): void {
    if (keptAcross(previous, next, this.field)) return;
    this.remove(previous, idKey);
    this.add(next, idKey);
  }

  lookup(value: unknown): ReadonlySet<string> {
    return this.buckets.get(valueKey(value)) ?? new Set();
  }

  private keysOf(doc: Document): Set<string> {
    return new Set(pathValues(doc, this.field).map(valueKey));
  }
}

/**
 * True when an update left `field` as it was, so its index keys are the same: the value at the
 * top of its path is the same one (equal, or the very object: stored documents are never changed
 * in place, and an update shares what it does not touch). An update changes a few fields of a
 * document that many indexes cover (the outbox's status and lease beside its ids): re-keying
 * every index at every change did that work for nothing.
 */
function keptAcross(previous: Document, next: Document, field: string): boolean {
  const top = field.includes('.') ? field.slice(0, field.indexOf('.')) : field;
  return previous[top] === next[top];
}

/** MongoDB's E11000 error, message included: `... index: name_1 dup key: { name: "x" }`. */
export function duplicateKeyError(namespace: string, spec: IndexSpec, keyValue: Record<string, unknown>): CommandError {
  const shown = Object.entries(keyValue)
    .map(([k, v]) => `${k}: ${showValue(v)}`)
    .join(', ');
  const error = commandError(
    'DuplicateKey',
    `E11000 duplicate key error collection: ${namespace} index: ${spec.name} dup key: { ${shown} }`,
  );
  error.keyPattern = spec.key;
  error.keyValue = keyValue;
  return error;
}

/** The keys one field contributes: each element of an array (multikey), undefined when missing. */
function indexedValues(doc: Document, field: string): unknown[] {
  const v = getPath(doc, field);
  if (Array.isArray(v)) return v.length > 0 ? v : [undefined];
  if (v !== undefined || !field.includes('.')) return [v];
  const through = pathValues(doc, field).filter((x) => x !== undefined && !Array.isArray(x));
  return through.length > 0 ? through : [undefined];
}

function keyValueOf(doc: Document, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = getPath(doc, f) ?? null;
  return out;
}

/** Values as mongod prints them in error messages (shell-like syntax). */
function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof ObjectId) return `ObjectId('${v.toHexString()}')`;
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[ ${v.map(showValue).join(', ')} ]`;
  if (typeof v === 'object' && !(v as { _bsontype?: string })._bsontype) {
    return `{ ${Object.entries(v as Document)
      .map(([k, x]) => `${k}: ${showValue(x)}`)
      .join(', ')} }`;
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  // The bson values that print themselves (Long, Decimal128, Timestamp, ...).
  return typeof v === 'object' ? (v as { toString(): string }).toString() : typeof v;
}
