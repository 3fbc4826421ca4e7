// Generators of awkward BSON-ish values for the property tests that compare the engine's fast
// paths with mingo: missing fields, null, -0, NaN, mixed numbers, equal ObjectIds and Dates that
// are distinct objects, arrays and sub-documents.
import { ObjectId, type Document } from 'bson';
import fc from 'fast-check';

export const FIELDS = ['a', 'b', 'c', 'a.x', 'a.y', 'b.x', 'a.x.z', 'a.0'] as const;

const OBJECT_IDS = ['000000000000000000000001', '000000000000000000000002', '65a000000000000000000003'];
const TIMES = [0, 1_700_000_000_000, 1_700_000_000_001, Number.NaN];

export const arbitraryScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, -0, 2.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 40),
  fc.constantFrom('', 'a', 'b', 'B', 'ab', 'é'),
  fc.constantFrom(...OBJECT_IDS).map((hex) => new ObjectId(hex)),
  fc.constantFrom(...TIMES).map((t) => new Date(t)),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: arbitraryScalar },
  { weight: 1, arbitrary: fc.array(arbitraryScalar, { maxLength: 3 }) },
);
const subDocument = fc.record(
  { x: fc.oneof(leaf, fc.record({ z: leaf }, { requiredKeys: [], noNullPrototype: true })), y: leaf },
  { requiredKeys: [], noNullPrototype: true },
);
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: leaf },
  { weight: 2, arbitrary: subDocument },
  { weight: 1, arbitrary: fc.array(subDocument, { maxLength: 2 }) },
);

export const arbitraryDocument: fc.Arbitrary<Document> = fc
  .tuple(
    fc.integer({ min: 1, max: 1000 }),
    fc.record({ a: fieldValue, b: fieldValue, c: fieldValue }, { requiredKeys: [], noNullPrototype: true }),
  )
  .map(([id, fields]) => ({ _id: id, ...fields }));
