import type { Document } from 'bson';
import fc from 'fast-check';
import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { compileFastProjection } from './projection.ts';
import { arbitraryDocument } from './test-values.ts';

const mingoProjects = (docs: Document[], projection: Document): Document[] =>
  new Query({}, {}).find(docs, projection).all() as Document[];

const PATHS = ['a', 'b', 'c', 'a.x', 'a.y', 'b.x', 'a.x.z', 'c.y', '_id'] as const;
const projection: fc.Arbitrary<Document> = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom(...PATHS), { minLength: 1, maxLength: 4 }),
    fc.constantFrom(1, 0, true, false),
    fc.option(fc.constantFrom(0, 1), { nil: undefined }),
  )
  .map(([paths, value, id]) => ({
    ...Object.fromEntries(paths.filter((p) => p !== '_id').map((p) => [p, value])),
    ...(id === undefined ? {} : { _id: id }),
  }));

describe('fast projection', () => {
  it('projects as mingo does wherever it applies', () => {
    fc.assert(
      fc.property(fc.array(arbitraryDocument, { maxLength: 4 }), projection, (docs, p) => {
        const fast = compileFastProjection(p);
        if (!fast) return;
        expect(docs.map(fast)).toEqual(mingoProjects(docs, p));
      }),
      { numRuns: 3000 },
    );
  });

  it("covers ltijs' exclusion and the tool's inclusion of paths inside arrays", () => {
    const doc = {
      _id: 1,
      __v: 0,
      problems: [{ templateId: 'gd', headline: '1/6', params: { a: 1 } }, 'x', [{ templateId: 'bn' }]],
      userId: 'u',
    };
    const exclusion = compileFastProjection({ __v: 0, _id: 0 });
    expect(exclusion?.(doc)).toEqual({ problems: doc.problems, userId: 'u' });
    const inclusion = compileFastProjection({ _id: 0, 'problems.templateId': 1, 'problems.headline': 1 });
    expect(inclusion?.(doc)).toEqual(
      mingoProjects([doc], { _id: 0, 'problems.templateId': 1, 'problems.headline': 1 })[0],
    );
  });

  it('leaves to mingo what it does not cover', () => {
    for (const p of [{ a: 1, b: 0 }, { a: 1, 'a.x': 1 }, { 'a.0': 1 }, { a: { $slice: 1 } }, { 'a.x': 0 }, { _id: 1 }])
      expect(compileFastProjection(p)).toBeUndefined();
  });
});
