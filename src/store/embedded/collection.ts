import { ObjectId, type Document } from 'bson';
import { Query } from 'mingo';
import { CommandError, DUPLICATE_KEY } from './command-error.ts';
import { getPath, valueKey } from './value-key.ts';

export interface IndexSpec {
  name: string;
  key: Record<string, number | string>;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Document;
}

interface UniqueIndex {
  spec: IndexSpec;
  fields: string[];
  partial?: Query;
  /** index key -> _id key */
  entries: Map<string, string>;
}

/**
 * One collection: documents by _id key in insertion order, plus a hash map per unique index so
 * inserts and duplicate checks are O(1), as a submission burst needs.
 */
export class Collection {
  readonly docs = new Map<string, Document>();
  readonly indexes: IndexSpec[] = [{ name: '_id_', key: { _id: 1 } }];
  private readonly unique: UniqueIndex[] = [];
  /** First field of every index -> value key -> _id keys: equality filters look up, not scan. */
  private readonly byField = new Map<string, Map<string, Set<string>>>();

  constructor(
    readonly db: string,
    readonly name: string,
  ) {}

  get namespace(): string {
    return `${this.db}.${this.name}`;
  }

  getById(id: unknown): Document | undefined {
    return this.docs.get(valueKey(id));
  }

  /** Checks the unique indexes for `doc` (ignoring the document it replaces) without changing anything. */
  checkUnique(doc: Document, replacing?: Document): void {
    const idKey = valueKey(doc._id);
    const existing = this.docs.get(idKey);
    if (existing && existing !== replacing) throw this.duplicate('_id_', { _id: 1 }, { _id: doc._id });
    for (const index of this.unique) {
      const key = this.indexKey(index, doc);
      if (key === undefined) continue;
      const owner = index.entries.get(key);
      if (owner !== undefined && owner !== (replacing ? valueKey(replacing._id) : undefined)) {
        const keyValue: Document = {};
        for (const f of index.fields) keyValue[f] = getPath(doc, f) ?? null;
        throw this.duplicate(index.spec.name, index.spec.key, keyValue);
      }
    }
  }

  /** Stores `doc` (new or replacing the one with the same _id); callers check uniqueness first. */
  put(doc: Document): void {
    const idKey = valueKey(doc._id);
    const previous = this.docs.get(idKey);
    if (previous) this.unindex(previous);
    this.docs.set(idKey, doc);
    for (const [field, map] of this.byField) addTo(map, valueKey(getPath(doc, field)), idKey);
    for (const index of this.unique) {
      const key = this.indexKey(index, doc);
      if (key !== undefined) index.entries.set(key, idKey);
    }
  }

  remove(doc: Document): void {
    this.unindex(doc);
    this.docs.delete(valueKey(doc._id));
  }

  private unindex(doc: Document): void {
    const idKey = valueKey(doc._id);
    for (const [field, map] of this.byField) map.get(valueKey(getPath(doc, field)))?.delete(idKey);
    for (const index of this.unique) {
      const key = this.indexKey(index, doc);
      if (key !== undefined && index.entries.get(key) === idKey) index.entries.delete(key);
    }
  }

  /** Adds an index; building a unique one over existing duplicates fails like MongoDB does. */
  addIndex(spec: IndexSpec): void {
    const same = this.indexes.find((i) => i.name === spec.name);
    if (same) {
      if (JSON.stringify(same.key) !== JSON.stringify(spec.key) || Boolean(same.unique) !== Boolean(spec.unique)) {
        throw new CommandError(86, 'IndexKeySpecsConflict', `An existing index has the same name as the requested index: ${spec.name}`);
      }
      return;
    }
    const first = Object.keys(spec.key)[0];
    if (first && first !== '_id' && !this.byField.has(first)) {
      const map = new Map<string, Set<string>>();
      for (const [idKey, doc] of this.docs) addTo(map, valueKey(getPath(doc, first)), idKey);
      this.byField.set(first, map);
    }
    if (spec.unique && spec.name !== '_id_') {
      const index: UniqueIndex = {
        spec,
        fields: Object.keys(spec.key),
        entries: new Map(),
        ...(spec.partialFilterExpression ? { partial: new Query(spec.partialFilterExpression, {}) } : {}),
      };
      for (const doc of this.docs.values()) {
        const key = this.indexKey(index, doc);
        if (key === undefined) continue;
        if (index.entries.has(key)) {
          const keyValue: Document = {};
          for (const f of index.fields) keyValue[f] = getPath(doc, f) ?? null;
          throw this.duplicate(spec.name, spec.key, keyValue);
        }
        index.entries.set(key, valueKey(doc._id));
      }
      this.unique.push(index);
    }
    this.indexes.push(spec);
  }

  dropIndex(name: string): boolean {
    if (name === '_id_') throw new CommandError(72, 'InvalidOptions', 'cannot drop _id index');
    const at = this.indexes.findIndex((i) => i.name === name);
    if (at < 0) return false;
    this.indexes.splice(at, 1);
    const u = this.unique.findIndex((i) => i.spec.name === name);
    if (u >= 0) this.unique.splice(u, 1);
    return true;
  }

  /** Candidate documents for an equality on an indexed field, or undefined if the field has no index. */
  candidatesFor(field: string, value: unknown): Document[] | undefined {
    const map = this.byField.get(field);
    if (!map) return undefined;
    const ids = map.get(valueKey(value));
    const out: Document[] = [];
    if (ids) for (const id of ids) {
      const doc = this.docs.get(id);
      if (doc) out.push(doc);
    }
    return out;
  }

  private indexKey(index: UniqueIndex, doc: Document): string | undefined {
    if (index.partial && !index.partial.test(doc)) return undefined;
    const values = index.fields.map((f) => getPath(doc, f));
    if (index.spec.sparse && values.every((v) => v === undefined)) return undefined;
    return values.map(valueKey).join('|');
  }

  private duplicate(indexName: string, keyPattern: Record<string, unknown>, keyValue: Document): CommandError {
    const shown = Object.entries(keyValue)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? JSON.stringify(v) : v instanceof ObjectId ? `ObjectId('${v.toHexString()}')` : String(v)}`)
      .join(', ');
    const error = new CommandError(DUPLICATE_KEY, 'DuplicateKey', `E11000 duplicate key error collection: ${this.namespace} index: ${indexName} dup key: { ${shown} }`);
    Object.assign(error, { keyPattern, keyValue });
    return error;
  }
}

function addTo(map: Map<string, Set<string>>, key: string, idKey: string): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(idKey);
}
