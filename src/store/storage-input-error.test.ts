import fc from 'fast-check';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import {
  assertSafeKeys,
  assertStorableSize,
  jsonSizeBound,
  MAX_DOCUMENT_BYTES,
  MAX_RAW_ANSWER,
  StorageInputError,
} from './storage-input-error.ts';

describe('assertSafeKeys', () => {
  it('accepts ordinary nested data, arrays and non-plain values', () => {
    expect(() => assertSafeKeys({ a: [1, { b: 'x$' }], id: new Types.ObjectId(), at: new Date() })).not.toThrow();
  });

  it('names the path of a $-key or a dotted key', () => {
    expect(() => assertSafeKeys({ a: [{ ok: 1 }, { $gt: '' }] }, 'params')).toThrow(
      expect.objectContaining({ field: 'params.a[1].$gt', rule: 'safe-keys' }),
    );
    expect(() => assertSafeKeys({ 'x.y': 1 })).toThrow(StorageInputError);
  });
});

describe('assertStorableSize', () => {
  it('lets a raw answer of exactly the limit through and refuses one more character', () => {
    expect(() => assertStorableSize({ parts: [{ raw: 'x'.repeat(MAX_RAW_ANSWER) }] })).not.toThrow();
    expect(() => assertStorableSize({ parts: [{ raw: 'x'.repeat(MAX_RAW_ANSWER + 1) }] }, 'submission')).toThrow(
      expect.objectContaining({
        field: 'submission.parts[0].raw',
        rule: 'max-raw-length',
        message: expect.stringContaining('at most 5000 characters'),
      }),
    );
  });

  it('refuses a document over about a megabyte, whatever field makes it big', () => {
    expect(() => assertStorableSize({ notes: 'z'.repeat(1_000_001) }, 'exam')).toThrow(
      expect.objectContaining({ field: 'exam', rule: 'max-document-size' }),
    );
  });

  it('measures a document whose quick bound is over the limit and lets it through when it is under', () => {
    // 200,000 characters: 1.2 MB by the bound (six bytes a character at most), 0.2 MB as JSON.
    const doc = { notes: 'z'.repeat(200_000) };
    expect(jsonSizeBound(doc)).toBeGreaterThan(MAX_DOCUMENT_BYTES);
    expect(() => assertStorableSize(doc, 'exam')).not.toThrow();
  });
});

describe('jsonSizeBound', () => {
  const exact = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');
  it('is never below the size of the JSON it stands for', () => {
    const leaf = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0001', '\u2028', 'é', '😀') }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      // The longest numbers: an exponent form, and 17 digits written out just above 1e-6 (found by this test).
      fc.constantFrom(
        null,
        undefined,
        -0,
        Number.MAX_VALUE,
        -Number.MIN_VALUE,
        -2.2250738585072014e-308,
        -0.0000010037600089254741,
      ),
      fc.date({ noInvalidDate: false }),
      fc.constant(new Types.ObjectId()),
      fc.uint8Array({ maxLength: 8 }).map((bytes) => Buffer.from(bytes)),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 5 }),
      object: fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('node'), { maxKeys: 5 }),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(jsonSizeBound(v)).toBeGreaterThanOrEqual(exact(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives up (Infinity) on what it cannot foresee, so the document is measured', () => {
    expect(jsonSizeBound({ m: new Map([[1, 2]]) })).toBe(Infinity);
    expect(jsonSizeBound([() => 1])).toBe(Infinity);
  });
});
