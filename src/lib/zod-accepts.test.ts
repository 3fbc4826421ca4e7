import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodAccepts } from './zod-accepts.ts';

class Token {
  constructor(readonly id: string) {}
}

/** Every feature zodAccepts compiles, nested as the stored submission nests them. */
const Item = z.strictObject({
  index: z.number().int().min(0),
  unit: z.number().min(0).max(1),
  above: z.number().gt(-1).lt(10),
  name: z.string().min(1).max(8),
  key: z.string().regex(/^[a-z]+$/g, 'letters only'),
  flag: z.boolean(),
  note: z.string().optional(),
  inner: z.strictObject({ ok: z.boolean(), echo: z.string().optional() }),
});
const Doc = z.strictObject({
  token: z.instanceof(Token),
  items: z.array(Item),
  kind: z.enum(['a', 'b']),
  once: z.literal(true).optional(),
  at: z.date(),
  list: z.array(z.number()),
});

// Values near every edge the schema draws, and of every other type.
const anyValue = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    true,
    false,
    0,
    -0,
    1,
    -1,
    0.5,
    1.5,
    9.99,
    10,
    -1,
    2 ** 53,
    NaN,
    Infinity,
    -Infinity,
  ),
  fc.constantFrom('', 'a', 'abc', 'ABC', 'abcdefgh', 'abcdefghi', 'a.b', '$x', 'b', 'c'),
  fc.double(),
  fc.string({ maxLength: 10 }),
  fc.constantFrom(new Date(0), new Date(Number.NaN), new Token('t'), { id: 't' }, [], {}, [1, 2]),
);
const maybe = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 30, arbitrary: valid }, { weight: 1, arbitrary: anyValue });
/** A key the schema does not know, now and then. */
const stray = fc.oneof(
  { weight: 20, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.record({ stray: anyValue }) },
);
const item = fc
  .record(
    {
      index: maybe(fc.integer({ min: 0, max: 30 })),
      unit: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
      above: maybe(fc.double({ min: -0.99, max: 9.99, noNaN: true })),
      name: maybe(fc.string({ minLength: 1, maxLength: 8 })),
      key: maybe(fc.stringMatching(/^[a-z]{1,5}$/)),
      flag: maybe(fc.boolean()),
      note: maybe(fc.string({ maxLength: 5 })),
      inner: maybe(fc.record({ ok: maybe(fc.boolean()), echo: maybe(fc.string()) }, { requiredKeys: ['ok'] })),
    },
    { requiredKeys: ['index', 'unit', 'above', 'name', 'key', 'flag', 'inner'] },
  )
  .chain((value) => stray.map((extra) => ({ ...value, ...extra })));
const doc = fc
  .record(
    {
      token: maybe(fc.constant(new Token('x'))),
      items: maybe(fc.array(maybe(item), { maxLength: 4 })),
      kind: maybe(fc.constantFrom('a', 'b')),
      once: maybe(fc.constant(true)),
      at: maybe(fc.date()),
      list: maybe(fc.array(maybe(fc.double({ noNaN: true, noDefaultInfinity: true })), { maxLength: 3 })),
    },
    { requiredKeys: ['token', 'items', 'kind', 'at', 'list'] },
  )
  .chain((value) => stray.map((extra) => ({ ...value, ...extra })));

describe('zodAccepts', () => {
  it("accepts exactly what zod's own parse accepts", () => {
    const accepts = zodAccepts(Doc);
    let passed = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 20, arbitrary: doc }, { weight: 1, arbitrary: anyValue }), (value) => {
        const expected = Doc.safeParse(value).success;
        if (expected) passed++;
        expect(accepts(value)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
    // Both answers were drawn often enough to mean something.
    expect(passed).toBeGreaterThan(100);
    expect(passed).toBeLessThan(2900);
  });

  it('refuses an unknown key at any depth, and a missing required field', () => {
    const accepts = zodAccepts(Doc);
    const valid = {
      token: new Token('x'),
      items: [{ index: 0, unit: 1, above: 0, name: 'n', key: 'k', flag: true, inner: { ok: true } }],
      kind: 'a',
      at: new Date(),
      list: [],
    };
    expect(accepts(valid)).toBe(true);
    expect(accepts({ ...valid, $set: 1 })).toBe(false);
    expect(accepts({ ...valid, items: [{ ...valid.items[0], inner: { ok: true, extra: 1 } }] })).toBe(false);
    const { kind: _kind, ...withoutKind } = valid;
    expect(accepts(withoutKind)).toBe(false);
  });

  it('refuses to compile a schema whose output is not its input, naming where', () => {
    expect(() => zodAccepts(z.object({ a: z.string() }))).toThrow(/schema is not a strict object/);
    expect(() => zodAccepts(z.strictObject({ a: z.string().default('x') }))).toThrow(/schema\.a is a default schema/);
    expect(() => zodAccepts(z.strictObject({ n: z.coerce.number() }))).toThrow(/schema\.n coerces/);
    expect(() => zodAccepts(z.string().transform((s) => s.length))).toThrow(/pipe schema/);
    expect(() => zodAccepts(z.string().email())).toThrow(/string_format check \(email\)/);
  });
});
