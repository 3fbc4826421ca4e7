import { deserialize, ObjectId, serialize, type Document } from 'bson';
import fc from 'fast-check';
import { update as mingoUpdate } from 'mingo';
import { describe, expect, it } from 'vitest';
import { updateWithoutMingo } from './update-compiler.ts';
import { sameDocument, updatedDocument } from './updates.ts';
import { arbitraryDocument, arbitraryScalar } from './test-values.ts';

/** What updates.ts did before the compiled path: mingo on a BSON copy. */
function withMingo(current: Document, u: Document, inserting: boolean): { doc: Document } | { error: unknown } {
  try {
    const next = deserialize(serialize(current), { promoteValues: true, bsonRegExp: true });
    const { $setOnInsert, ...rest } = u;
    if (Object.keys(rest).length > 0) mingoUpdate(next, rest, undefined, undefined, { cloneMode: 'none' });
    if (inserting && $setOnInsert)
      mingoUpdate(next, { $set: $setOnInsert as Document }, undefined, undefined, { cloneMode: 'none' });
    return { doc: next };
  } catch (error) {
    return { error };
  }
}

const bytes = (doc: Document): string => Buffer.from(serialize(doc)).toString('hex');

const fieldName = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('a', 'b', 'c', 'd', 'a.x', 'a.y', 'b.x', 'a.x.z', 'd.e') },
  { weight: 1, arbitrary: fc.constantFrom('_id', 'a.0', 'a.$', '$bad', 'constructor') },
);
const setValue = fc.oneof(
  { weight: 4, arbitrary: arbitraryScalar },
  { weight: 1, arbitrary: fc.array(arbitraryScalar, { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.record({ x: arbitraryScalar }, { requiredKeys: [], noNullPrototype: true }) },
);
const numberValue = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 3, arbitrary: fc.constantFrom(0.5, -0, 2 ** 40) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(Number.NaN, '1', null) },
);
const fieldsOf = (value: fc.Arbitrary<unknown>) =>
  fc.dictionary(fieldName, value, { minKeys: 1, maxKeys: 3, noNullPrototype: true });
const OPERAND: Record<string, fc.Arbitrary<Document>> = {
  $set: fieldsOf(setValue),
  $unset: fieldsOf(fc.constant('')),
  $inc: fieldsOf(numberValue),
  $max: fieldsOf(fc.oneof(arbitraryScalar, numberValue)),
  $min: fieldsOf(fc.oneof(arbitraryScalar, numberValue)),
  $setOnInsert: fieldsOf(setValue),
  $push: fieldsOf(arbitraryScalar),
  $rename: fc.constant({ a: 'z' }),
};
// 1-3 operators in any order: the order decides where new fields land.
const operatorUpdate: fc.Arbitrary<Document> = fc
  .uniqueArray(
    fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom('$set', '$unset', '$inc', '$max', '$min', '$setOnInsert') },
      { weight: 1, arbitrary: fc.constantFrom('$push', '$rename') },
    ),
    { minLength: 1, maxLength: 3 },
  )
  .chain((ops) =>
    fc
      .tuple(...ops.map((op) => OPERAND[op] as fc.Arbitrary<Document>))
      .map((operands) => Object.fromEntries(ops.map((op, i) => [op, operands[i]]))),
  );

describe('compiled updates', () => {
  it('give the same document as mingo, byte for byte, and leave the current document alone', () => {
    let compiled = 0;
    let total = 0;
    fc.assert(
      fc.property(arbitraryDocument, operatorUpdate, fc.boolean(), (current, u, inserting) => {
        const before = bytes(current);
        const expected = withMingo(current, u, inserting);
        const got = updateWithoutMingo(current, u, undefined, inserting);
        total++;
        expect(bytes(current)).toBe(before);
        if (got === undefined) return;
        compiled++;
        expect('doc' in expected, `mingo refused: ${String((expected as { error: unknown }).error)}`).toBe(true);
        expect(bytes(got)).toBe(bytes((expected as { doc: Document }).doc));
      }),
      { numRuns: 8000 },
    );
    expect(compiled / total).toBeGreaterThan(0.08);
  });

  it('covers the updates the app sends', () => {
    const current = {
      _id: new ObjectId(),
      status: 'sending',
      tries: 1,
      bestScore: 0.5,
      leaseUntil: new Date(),
      parts: [{ score: 1 }],
    };
    const now = new Date();
    for (const u of [
      { $set: { lastScore: 0.7, status: 'submitted', closedAt: now }, $max: { bestScore: 0.7 } },
      { $set: { status: 'sent', sentAt: now }, $unset: { lastError: '', leaseUntil: '' }, $inc: { tries: 1 } },
      { $set: { parts: [{ score: 0 }], points: 3 } },
      { $set: { 'settings.extraMinutes.u1': 10 } },
    ]) {
      expect(updateWithoutMingo(current, u, undefined, false), JSON.stringify(u)).toBeDefined();
    }
    expect(
      updateWithoutMingo(
        { _id: 1 },
        { $setOnInsert: { status: 'pending', tries: 0, nextAttemptAt: now } },
        undefined,
        true,
      ),
    ).toEqual({ _id: 1, status: 'pending', tries: 0, nextAttemptAt: now });
  });

  it('leaves positional paths, array filters, $push and mixed-type $max to mingo', () => {
    expect(updateWithoutMingo({ _id: 1, a: [1] }, { $set: { 'a.$': 2 } }, undefined, false)).toBeUndefined();
    expect(updateWithoutMingo({ _id: 1, a: [1] }, { $set: { 'a.$[x]': 2 } }, [{ x: 1 }], false)).toBeUndefined();
    expect(updateWithoutMingo({ _id: 1 }, { $push: { a: 1 } }, undefined, false)).toBeUndefined();
    expect(updateWithoutMingo({ _id: 1, a: 'x' }, { $max: { a: 1 } }, undefined, false)).toBeUndefined();
    expect(updateWithoutMingo({ _id: 1, a: [{ b: 1 }] }, { $set: { 'a.b': 1 } }, undefined, false)).toBeUndefined();
    expect(updateWithoutMingo({ _id: 1, a: null }, { $set: { 'a.b': 1 } }, undefined, false)).toBeUndefined();
  });
});

describe('an update that changed nothing', () => {
  it('is told from one that changed something exactly as the BSON bytes tell them', () => {
    let changed = 0;
    fc.assert(
      fc.property(arbitraryDocument, operatorUpdate, (current, u) => {
        let next: Document;
        try {
          next = updatedDocument(current, u, undefined);
        } catch {
          return;
        }
        const same = bytes(next) === bytes(current);
        if (!same) changed++;
        expect(sameDocument(next, current)).toBe(same);
        expect(sameDocument(current, next)).toBe(same);
      }),
      { numRuns: 3000 },
    );
    expect(changed).toBeGreaterThan(100);
  });

  it('counts a field that is undefined as absent, as its encoding does', () => {
    expect(sameDocument({ _id: 1, a: 1, b: undefined }, { _id: 1, a: 1 })).toBe(true);
    expect(sameDocument({ _id: 1, a: 1 }, { _id: 1, a: 1, b: undefined })).toBe(true);
    expect(sameDocument({ _id: 1, a: 1, b: null }, { _id: 1, a: 1 })).toBe(false);
    expect(sameDocument({ _id: 1, a: 1, lease: 'w1' }, { _id: 1, a: 1 })).toBe(false);
  });
});
