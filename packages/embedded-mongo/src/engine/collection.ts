import type { Document } from 'bson';
import { commandError } from './errors.ts';
import { duplicateKeyError, FieldIndex, ID_INDEX, sameIndex, UniqueIndex, type IndexSpec } from './indexes.ts';
import { valueKey } from './values.ts';

/**
 * One collection: documents by _id key (insertion order, like a fresh mongod's natural order), a
 * hash map per unique index and an equality index per indexed first field, so an insert costs
 * O(number of indexes), never a scan.
 */
export class Collection {
  readonly docs = new Map<string, Document>();
  readonly indexes: IndexSpec[] = [ID_INDEX];
  private readonly unique: UniqueIndex[] = [];
  private readonly byField = new Map<string, FieldIndex>();
  /** Insertion order, so index lookups return documents in the same order a scan would. */
  private readonly order = new Map<string, number>();
  private nextOrder = 0;
  /**
   * Set by a durable Storage: every change made here also hands over how to undo it, so a write
   * whose journal commit fails leaves memory as it was (see Storage.commit).
   */
  undoLog: ((undo: () => void) => void) | undefined;

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

  /** Throws E11000 if `doc` clashes with a document other than the one it replaces. Changes nothing. */
  checkUnique(doc: Document, replacing?: Document): void {
    const idKey = valueKey(doc._id);
    const existing = this.docs.get(idKey);
    if (existing && existing !== replacing) throw duplicateKeyError(this.namespace, ID_INDEX, { _id: doc._id });
    const owner = replacing ? valueKey(replacing._id) : idKey;
    for (const index of this.unique) index.check(doc, owner);
  }

  /** Stores `doc`, new or replacing the one with the same _id; callers run checkUnique first. */
  put(doc: Document): void {
    const idKey = valueKey(doc._id);
    const previous = this.docs.get(idKey);
    this.undoLog?.(previous ? () => this.store(previous, idKey) : () => this.drop(doc, idKey));
    this.store(doc, idKey);
  }

  remove(doc: Document): void {
    const idKey = valueKey(doc._id);
    if (!this.docs.has(idKey)) return;
    const order = this.order.get(idKey);
    this.undoLog?.(() => {
      this.store(doc, idKey);
      // Back in its place in natural order, as if it had never been removed.
      if (order !== undefined) this.order.set(idKey, order);
    });
    this.drop(doc, idKey);
  }

  private store(doc: Document, idKey: string): void {
    const previous = this.docs.get(idKey);
    this.docs.set(idKey, doc);
    if (previous) {
      for (const index of this.byField.values()) index.replace(previous, doc, idKey);
      for (const index of this.unique) index.replace(previous, doc, idKey);
      return;
    }
    this.order.set(idKey, this.nextOrder++);
    for (const index of this.byField.values()) index.add(doc, idKey);
    for (const index of this.unique) index.add(doc, idKey);
  }

  private drop(doc: Document, idKey: string): void {
    if (!this.docs.has(idKey)) return;
    this.unindex(doc, idKey);
    this.docs.delete(idKey);
    this.order.delete(idKey);
  }

  private unindex(doc: Document, idKey: string): void {
    for (const index of this.byField.values()) index.remove(doc, idKey);
    for (const index of this.unique) index.remove(doc, idKey);
  }

  /** Adds an index; returns false if an identical one exists. A unique one over duplicates fails like MongoDB. */
  addIndex(spec: IndexSpec): boolean {
    const sameName = this.indexes.find((i) => i.name === spec.name);
    if (sameName) {
      if (sameIndex(sameName, spec)) return false;
      throw commandError(
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`,
      );
    }
    const sameKey = this.indexes.find((i) => JSON.stringify(i.key) === JSON.stringify(spec.key));
    if (sameKey) {
      if (sameIndex(sameKey, { ...spec, name: sameKey.name })) return false;
      throw commandError(
        'IndexOptionsConflict',
        `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameKey)}`,
      );
    }
    if (spec.unique && spec.name !== ID_INDEX.name) {
      const index = new UniqueIndex(spec, this.namespace);
      for (const [idKey, doc] of this.docs) {
        index.check(doc, idKey);
        index.add(doc, idKey);
      }
      this.unique.push(index);
    }
    // Every field of a compound index gets an equality lookup, not only the first: the app's
    // compound indexes start with the platform issuer, which all of a course's documents share,
    // so the selective field (userId, attemptId) is further in.
    for (const field of Object.keys(spec.key)) {
      if (field === '_id' || this.byField.has(field)) continue;
      const index = new FieldIndex(field);
      for (const [idKey, doc] of this.docs) index.add(doc, idKey);
      this.byField.set(field, index);
    }
    this.indexes.push(spec);
    this.undoLog?.(() => this.dropIndex(spec.name));
    return true;
  }

  dropIndex(name: string): boolean {
    if (name === ID_INDEX.name) throw commandError('InvalidOptions', 'cannot drop _id index');
    const at = this.indexes.findIndex((i) => i.name === name);
    if (at < 0) return false;
    const [spec] = this.indexes.splice(at, 1);
    const u = this.unique.findIndex((i) => i.spec.name === name);
    if (u >= 0) this.unique.splice(u, 1);
    for (const field of spec ? Object.keys(spec.key) : []) {
      if (!this.indexes.some((i) => field in i.key)) this.byField.delete(field);
    }
    if (spec) this.undoLog?.(() => this.addIndex(spec));
    return true;
  }

  hasIndexOn(field: string): boolean {
    return this.byField.has(field);
  }

  /** How many documents an equality lookup on `field` would return (for choosing the narrowest index). */
  candidateCount(field: string, value: unknown): number {
    return this.byField.get(field)?.lookup(value).size ?? Number.POSITIVE_INFINITY;
  }

  /** Whether a document may be filed under two values of `field` (an array there); see FieldIndex.multikey. */
  isMultikey(field: string): boolean {
    return this.byField.get(field)?.multikey ?? false;
  }

  /** Documents whose `field` may equal `value`, or undefined when no index covers the field. */
  candidatesFor(field: string, value: unknown): Document[] | undefined {
    const index = this.byField.get(field);
    if (!index) return undefined;
    const idKeys = [...index.lookup(value)];
    if (idKeys.length > 1) idKeys.sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
    const out: Document[] = [];
    for (const idKey of idKeys) {
      const doc = this.docs.get(idKey);
      if (doc) out.push(doc);
    }
    return out;
  }
}
