import { ObjectId, type Document } from 'bson';
import fc from 'fast-check';
import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { compileFastFilter, compileFilter } from './filter-compiler.ts';
import { UNSURE } from './plain-path.ts';
import { arbitraryDocument, arbitraryScalar, FIELDS } from './test-values.ts';

const mingoSays = (filter: Document, doc: Document): boolean => new Query(filter, {}).test(doc);

const operand = fc.oneof(
  { weight: 6, arbitrary: arbitraryScalar },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ x: 1 }, [1, 2], /a/) },
);
const operatorCondition = fc
  .uniqueArray(fc.constantFrom('$eq', '$ne', '$in', '$lt', '$lte', '$gt', '$gte', '$exists'), {
    minLength: 1,
    maxLength: 2,
  })
  .chain((ops) =>
    fc
      .tuple(
        ...ops.map((op) =>
          op === '$in'
            ? fc.array(operand, { maxLength: 4 })
            : op === '$exists'
              ? fc.oneof(fc.boolean(), fc.constantFrom(0, 1))
              : operand,
        ),
      )
      .map((values) => Object.fromEntries(ops.map((op, i) => [op, values[i]]))),
  );
const condition = fc.oneof(operand, operatorCondition);
const conjunction = fc.dictionary(fc.constantFrom(...FIELDS), condition, {
  minKeys: 1,
  maxKeys: 3,
  noNullPrototype: true,
});
const filter: fc.Arbitrary<Document> = fc.oneof(
  { weight: 4, arbitrary: conjunction },
  {
    weight: 1,
    arbitrary: fc
      .tuple(conjunction, fc.array(conjunction, { minLength: 1, maxLength: 3 }))
      .map(([rest, or]) => ({ ...rest, $or: or })),
  },
  { weight: 1, arbitrary: fc.array(conjunction, { minLength: 1, maxLength: 3 }).map((and) => ({ $and: and })) },
);

describe('compiled filters', () => {
  it('answer exactly as mingo on random documents and filters (UNSURE only defers to it)', () => {
    let decided = 0;
    let total = 0;
    fc.assert(
      fc.property(filter, fc.array(arbitraryDocument, { minLength: 1, maxLength: 8 }), (f, docs) => {
        const fast = compileFastFilter(f);
        const test = compileFilter(f);
        for (const doc of docs) {
          const expected = mingoSays(f, doc);
          expect(test(doc)).toBe(expected);
          total++;
          const verdict = fast?.(doc);
          if (verdict === undefined || verdict === UNSURE) continue;
          decided++;
          expect(verdict).toBe(expected);
        }
      }),
      { numRuns: 3000 },
    );
    // The generators must exercise the compiled path, not only the fallback.
    expect(decided / total).toBeGreaterThan(0.4);
  });

  it('covers the filters the app sends', () => {
    const id = new ObjectId();
    const now = new Date();
    for (const f of [
      { attemptId: id, idempotencyKey: 'k' },
      { _id: id, status: 'sending', leaseOwner: 'w' },
      { nextAttemptAt: { $lte: now }, $or: [{ status: 'pending' }, { status: 'sending', leaseUntil: { $lte: now } }] },
      { submissionId: { $in: [id] } },
    ]) {
      expect(compileFastFilter(f), JSON.stringify(f)).toBeDefined();
    }
  });

  it('finds an ObjectId in a long $in list by its bytes, as mingo does', () => {
    const ids = Array.from({ length: 1_000 }, () => new ObjectId());
    const test = compileFilter({ submissionId: { $in: ids } });
    const doc = (submissionId: unknown) => ({ _id: 1, submissionId });
    for (const submissionId of [new ObjectId(ids[0]?.toHexString()), ids[999], new ObjectId(), 'x', null]) {
      expect(test(doc(submissionId))).toBe(mingoSays({ submissionId: { $in: ids } }, doc(submissionId)));
    }
    expect(test(doc(new ObjectId(ids[500]?.toHexString())))).toBe(true);
    expect(test(doc(new ObjectId()))).toBe(false);
  });

  it('leaves regexes, sub-documents, $not, $elemMatch, unknown operators and prototype names to mingo', () => {
    for (const f of [
      { a: /x/ },
      { a: { x: 1 } },
      { a: { $not: { $eq: 1 } } },
      { a: { $elemMatch: { x: 1 } } },
      { a: { $size: 1 } },
      { constructor: 1 },
      { 'a.__proto__': 1 },
      { $or: [] },
      { $nor: [{ a: 1 }] },
    ]) {
      expect(compileFastFilter(f as Document), JSON.stringify(f)).toBeUndefined();
    }
  });

  it('defers documents whose path meets an array', () => {
    const fast = compileFastFilter({ 'a.x': 1 });
    expect(fast?.({ a: [{ x: 1 }] })).toBe(UNSURE);
    expect(fast?.({ a: { x: [1] } })).toBe(UNSURE);
    expect(fast?.({ a: { x: 1 } })).toBe(true);
    expect(fast?.({ a: 5 })).toBe(false);
  });
});
