import { ObjectId, type Document } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Collection } from './engine/collection.ts';
import type { IndexSpec } from './engine/indexes.ts';
import { matching } from './engine/query.ts';
import { arbitraryDocument } from './engine/test-values.ts';
import { updatedDocument } from './engine/updates.ts';
import { pathValues } from './engine/values.ts';

describe('collection indexes', () => {
  it('answers equality on a later field of a compound index from the narrowest lookup, with the same results as a scan', () => {
    const c = new Collection('db', 'attempts');
    for (let i = 0; i < 2000; i++)
      c.put({ _id: i, issuer: 'https://lms', userId: `u${i % 500}`, n: i % 4, tags: [i % 3] });
    const scanned = (filter: Record<string, unknown>) => matching(c, filter).map((d) => d._id);
    const before = {
      one: scanned({ issuer: 'https://lms', userId: 'u7' }),
      many: scanned({ issuer: 'https://lms', userId: { $in: ['u1', 'u2'] }, n: 1 }),
      multi: scanned({ issuer: 'https://lms', tags: 2, userId: 'u5' }),
    };
    c.addIndex({ name: 'link_user', key: { issuer: 1, userId: 1, n: 1, tags: 1 } });
    expect(c.candidateCount('userId', 'u7')).toBe(4);
    expect(c.candidateCount('issuer', 'https://lms')).toBe(2000);
    expect(scanned({ issuer: 'https://lms', userId: 'u7' })).toEqual(before.one);
    expect(scanned({ issuer: 'https://lms', userId: { $in: ['u1', 'u2'] }, n: 1 })).toEqual(before.many);
    expect(scanned({ issuer: 'https://lms', tags: 2, userId: 'u5' })).toEqual(before.multi);
    expect(before.one).toEqual([7, 507, 1007, 1507]);
    c.dropIndex('link_user');
    expect(c.hasIndexOn('userId')).toBe(false);
  });

  it('formats E11000 like mongod and carries keyPattern/keyValue', () => {
    const c = new Collection('db', 'users');
    c.addIndex({ name: 'name_1', key: { name: 1 }, unique: true });
    c.put({ _id: 1, name: 'x' });
    let error: unknown;
    try {
      c.checkUnique({ _id: 2, name: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 11000,
      message: 'E11000 duplicate key error collection: db.users index: name_1 dup key: { name: "x" }',
      keyPattern: { name: 1 },
      keyValue: { name: 'x' },
    });
    const id = new ObjectId();
    c.put({ _id: id });
    expect(() => c.checkUnique({ _id: id })).toThrow(`index: _id_ dup key: { _id: ObjectId('${id.toHexString()}') }`);
  });

  it('treats array values as multikey and missing fields as null unless sparse', () => {
    const c = new Collection('db', 'c');
    c.addIndex({ name: 'tags_1', key: { tags: 1 }, unique: true });
    c.put({ _id: 1, tags: ['a', 'b'] });
    expect(() => c.checkUnique({ _id: 2, tags: ['c', 'b'] })).toThrow(/E11000/);
    c.put({ _id: 3 });
    expect(() => c.checkUnique({ _id: 4 })).toThrow(/dup key: \{ tags: null \}/);
    c.addIndex({ name: 'e_1', key: { e: 1 }, unique: true, sparse: true });
    expect(() => c.checkUnique({ _id: 5, tags: ['z'] })).not.toThrow();
  });

  it('answers equality, $in and array-element queries through the field index exactly as a scan would', () => {
    const c = new Collection('db', 'c');
    c.addIndex({ name: 'k_1', key: { k: 1 } });
    c.addIndex({ name: 'a.b_1', key: { 'a.b': 1 } });
    c.put({ _id: 1, k: 'x', a: [{ b: 1 }, { b: 2 }] });
    c.put({ _id: 2, k: ['x', 'y'], a: { b: 2 } });
    c.put({ _id: 3, k: 'z' });
    const ids = (filter: Record<string, unknown>): unknown[] => matching(c, filter).map((d) => d._id);
    expect(ids({ k: 'x' })).toEqual([1, 2]);
    expect(ids({ k: { $in: ['y', 'z'] } })).toEqual([2, 3]);
    expect(ids({ 'a.b': 2 })).toEqual([1, 2]);
    c.put({ _id: 1, k: 'q' });
    expect(ids({ k: 'x' })).toEqual([2]);
    expect(ids({ k: 'q' })).toEqual([1]);
  });

  it('returns each document once for an $in through the index, as a scan does, while arrays come and go', () => {
    const value = fc.constantFrom('x', 'y', 'z', 1, 1.0);
    const step = fc.oneof(
      fc.record({ put: fc.integer({ min: 0, max: 7 }), k: fc.oneof(value, fc.array(value, { maxLength: 3 })) }),
      fc.record({ remove: fc.integer({ min: 0, max: 7 }) }),
    );
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 40 }),
        fc.array(value, { minLength: 1, maxLength: 4 }),
        (steps, wanted) => {
          const indexed = new Collection('db', 'c');
          indexed.addIndex({ name: 'k_1', key: { k: 1 } });
          const scanned = new Collection('db', 'c');
          for (const s of steps)
            for (const c of [indexed, scanned]) {
              if ('put' in s) c.put({ _id: s.put, k: s.k });
              else {
                const doc = c.getById(s.remove);
                if (doc) c.remove(doc);
              }
            }
          const ids = (c: Collection) =>
            matching(c, { k: { $in: wanted } })
              .map((d) => d._id as number)
              .sort((a, b) => a - b);
          expect(ids(indexed)).toEqual(ids(scanned));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('indexes kept through updates', () => {
  const SPECS: IndexSpec[] = [
    { name: 'a_ax_b', key: { a: 1, 'a.x': 1, b: 1 } },
    { name: 'c_unique', key: { c: 1 }, unique: true, sparse: true },
    { name: 'b_unique_where_c', key: { b: 1 }, unique: true, partialFilterExpression: { c: 1 } },
  ];
  const withIndexes = (): Collection => {
    const c = new Collection('db', 'things');
    for (const spec of SPECS) c.addIndex(spec);
    return c;
  };
  /** The store's update command, as it changes one document: checked, then put in place. */
  const putChecked = (c: Collection, next: Document, current?: Document): void => {
    try {
      c.checkUnique(next, current);
    } catch {
      return;
    }
    c.put(next);
  };
  // $set shares what it does not touch (the compiled path); $rename and $push go through mingo's
  // copy, where every value is a new object.
  const update = fc.oneof(
    fc.record({ $set: fc.record({ b: fc.constantFrom(1, 2, 'x') }, { requiredKeys: ['b'], noNullPrototype: true }) }),
    fc.record({ $set: fc.record({ 'a.x': fc.constantFrom(1, 2) }, { requiredKeys: ['a.x'], noNullPrototype: true }) }),
    fc.record({ $set: fc.record({ c: fc.constantFrom(1, 2, 3) }, { requiredKeys: ['c'], noNullPrototype: true }) }),
    fc.constant({ $set: { status: 'sent' } }),
    fc.constant({ $unset: { c: '' } }),
    fc.constant({ $rename: { a: 'z' } }),
    fc.constant({ $push: { tags: 1 } }),
  );

  it('find every document by each indexed field, and refuse the same duplicates, as indexes built afresh over the same documents do', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryDocument, { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), update), { maxLength: 20 }),
        (docs, updates) => {
          const kept = withIndexes();
          for (const doc of docs) putChecked(kept, doc);
          const ids = [...kept.docs.values()].map((d) => d._id as unknown);
          for (const [pick, u] of updates) {
            const current = kept.getById(ids[pick % ids.length]);
            if (!current) continue;
            let next: Document;
            try {
              next = updatedDocument(current, u, undefined);
            } catch {
              continue;
            }
            putChecked(kept, next, current);
          }
          const fresh = withIndexes();
          for (const doc of kept.docs.values()) fresh.put(doc);
          const probes = [...kept.docs.values(), ...docs].flatMap((d) =>
            ['a', 'a.x', 'b', 'c'].flatMap((f) => pathValues(d, f).map((value) => ({ f, value }))),
          );
          for (const { f, value } of probes) {
            const idsOf = (c: Collection) => (c.candidatesFor(f, value) ?? []).map((d) => d._id as unknown);
            expect(idsOf(kept), `${f} = ${String(value)}`).toEqual(idsOf(fresh));
            const clash = (c: Collection) => {
              try {
                c.checkUnique({ _id: 'probe', [f]: value, c: 1 });
                return false;
              } catch {
                return true;
              }
            };
            expect(clash(kept), `unique ${f} = ${String(value)}`).toBe(clash(fresh));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
