import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Collection } from './collection.ts';
import { matching, select } from './query.ts';

/** A collection of documents { _id, k, n } in the given order, with or without an index on k. */
function collectionOf(docs: Array<{ k: string; n: number }>, indexed: boolean): Collection {
  const c = new Collection('db', 'c');
  if (indexed) c.addIndex({ name: 'k_1', key: { k: 1 } });
  docs.forEach((d, i) => c.put({ _id: i, ...d }));
  return c;
}

describe('select stops at its limit only where the order allows it', () => {
  const doc = fc.record({ k: fc.constantFrom('a', 'b', 'c'), n: fc.integer({ min: 0, max: 5 }) });
  const filter = fc.oneof(
    fc.constant({}),
    fc.record({ k: fc.constantFrom('a', 'b') }),
    fc.record({ k: fc.record({ $in: fc.constant(['a', 'c']) }) }),
    fc.record({ n: fc.record({ $gte: fc.integer({ min: 0, max: 5 }) }) }),
  );

  it('answers skip and limit, sorted or not, as the whole match cut afterwards does', () => {
    fc.assert(
      fc.property(
        fc.array(doc, { maxLength: 30 }),
        fc.boolean(),
        filter,
        fc.option(fc.constant({ n: -1 }), { nil: undefined }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 6 }),
        (docs, indexed, f, sort, skip, limit) => {
          const c = collectionOf(docs, indexed);
          const all = matching(c, f);
          // The reference: every match, sorted stably (ties in natural order), then cut.
          const ordered = sort ? [...all].sort((x, y) => (y.n as number) - (x.n as number)) : all;
          const cut = ordered.slice(skip, limit > 0 ? skip + limit : undefined);
          const got = select(c, { filter: f, sort, skip, limit });
          expect(got.map((d) => d._id)).toEqual(cut.map((d) => d._id));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives a findOne the first match in natural order, however many follow', () => {
    const c = collectionOf(
      Array.from({ length: 1000 }, (_, i) => ({ k: i % 2 === 0 ? 'a' : 'b', n: i })),
      true,
    );
    expect(select(c, { filter: { k: 'b' }, limit: 1 }).map((d) => d.n)).toEqual([1]);
    expect(select(c, { filter: { n: { $gte: 500 } }, limit: 2 }).map((d) => d.n)).toEqual([500, 501]);
    expect(matching(c, { k: 'a' }, 3).map((d) => d.n)).toEqual([0, 2, 4]);
  });
});
