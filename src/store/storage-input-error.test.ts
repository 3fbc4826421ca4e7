import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { assertSafeKeys, assertStorableSize, MAX_RAW_ANSWER, StorageInputError } from './storage-input-error.ts';

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
});
