import type { Document } from 'bson';
import fc from 'fast-check';
import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { sortBySingleScalarKey, topBySingleScalarKey } from './top-k.ts';

const mingoTop = (docs: Document[], sort: Document, k: number): Document[] =>
  (new Query({}, {}).find(docs).sort(sort).all() as Document[]).slice(0, k);

// Few distinct values, so ties are common; now and then a value mingo orders by other rules.
const dateValue = fc.integer({ min: 0, max: 6 }).map((n) => new Date(1_700_000_000_000 + n * 1000));
const numberValue = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -0, 2.25));
const odd = fc.constantFrom<unknown>(undefined, null, 'x', [1, 2], new Date(Number.NaN), Number.NaN, { a: 1 });

describe('top k by one scalar key', () => {
  it('gives exactly what sorting everything with mingo and taking k gives, or defers', () => {
    let answered = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(dateValue, { minLength: 1, maxLength: 30 }),
          fc.array(numberValue, { minLength: 1, maxLength: 30 }),
        ),
        fc.constantFrom(1, -1),
        fc.integer({ min: 1, max: 5 }),
        fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: odd }),
        fc.nat(),
        (values, direction, k, oddOne, at) => {
          const docs: Document[] = values.map((v, i) => ({ _id: i, nextAttemptAt: v }));
          if (oddOne !== null)
            docs.splice(
              at % (docs.length + 1),
              0,
              oddOne === undefined ? { _id: 'odd' } : { _id: 'odd', nextAttemptAt: oddOne },
            );
          const sort = { nextAttemptAt: direction };
          const fast = topBySingleScalarKey(docs, sort, k);
          if (fast === undefined) return;
          answered++;
          expect(fast.map((d) => d._id)).toEqual(mingoTop(docs, sort, k).map((d) => d._id));
        },
      ),
      { numRuns: 2000 },
    );
    // The cases that matter (all Dates, all numbers) are answered here, not deferred.
    expect(answered).toBeGreaterThan(1000);
  });

  it('defers sorts it does not cover: several keys, dotted paths, other directions', () => {
    const docs = [{ a: 1, b: { c: 2 } }];
    expect(topBySingleScalarKey(docs, { a: 1, b: 1 }, 1)).toBeUndefined();
    expect(topBySingleScalarKey(docs, { 'b.c': 1 }, 1)).toBeUndefined();
    expect(topBySingleScalarKey(docs, { a: { $meta: 'textScore' } }, 1)).toBeUndefined();
  });
});

describe('sort by one scalar key', () => {
  it('gives exactly the order mingo gives, ties in their original order, or defers', () => {
    let answered = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(dateValue, { minLength: 0, maxLength: 30 }),
          fc.array(numberValue, { minLength: 0, maxLength: 30 }),
        ),
        fc.constantFrom(1, -1),
        fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: odd }),
        fc.nat(),
        (values, direction, oddOne, at) => {
          const docs: Document[] = values.map((v, i) => ({ _id: i, attemptNumber: v }));
          if (oddOne !== null)
            docs.splice(
              at % (docs.length + 1),
              0,
              oddOne === undefined ? { _id: 'odd' } : { _id: 'odd', attemptNumber: oddOne },
            );
          const sort = { attemptNumber: direction };
          const fast = sortBySingleScalarKey(docs, sort);
          if (fast === undefined) return;
          answered++;
          expect(fast.map((d) => d._id)).toEqual(mingoTop(docs, sort, docs.length).map((d) => d._id));
        },
      ),
      { numRuns: 2000 },
    );
    expect(answered).toBeGreaterThan(1000);
  });

  it('defers sorts it does not cover: several keys, dotted paths, other directions', () => {
    const docs = [{ a: 1, b: { c: 2 } }];
    expect(sortBySingleScalarKey(docs, { a: 1, b: 1 })).toBeUndefined();
    expect(sortBySingleScalarKey(docs, { 'b.c': 1 })).toBeUndefined();
    expect(sortBySingleScalarKey(docs, { a: { $meta: 'textScore' } })).toBeUndefined();
  });
});
