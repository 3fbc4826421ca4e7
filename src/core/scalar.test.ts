import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  compareScalar,
  div,
  formatScalar,
  frac,
  isExact,
  isZero,
  mul,
  neg,
  scalarToJson,
  sigmoid,
  sqrtScalar,
  sub,
  toNumber,
  toScalar,
} from './scalar.ts';
import type { Scalar } from './scalar.ts';

const fmt = (s: Scalar): string => formatScalar(s);

describe('toScalar', () => {
  it.each([
    [0.1, '1/10'],
    [1e-7, '1/10000000'],
    [-2.5, '-5/2'],
    [3, '3'],
    [-0, '0'],
    [1e21, '1000000000000000000000'],
    [123.456, '15432/125'],
    [-2.5e-3, '-1/400'],
    [2 ** 60, '1152921504606847000'], // shortest decimal, as typed, not the binary value
  ])('%s -> %s (shortest decimal, exact)', (n, s) => {
    const v = toScalar(n);
    expect(isExact(v)).toBe(true);
    expect(fmt(v)).toBe(s);
  });
  it.each([NaN, Infinity, -Infinity])('rejects %s', (n) => {
    expect(() => toScalar(n)).toThrow(RangeError);
  });
  it('round-trips every finite double through toNumber', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(toNumber(toScalar(x))).toBe(x === 0 ? 0 : x);
      }),
      { seed: 42 },
    );
  });
});

describe('arithmetic', () => {
  it('stays exact on exact inputs', () => {
    expect(fmt(add(frac(1, 3), frac(1, 6)))).toBe('1/2');
    expect(fmt(sub(frac(1, 3), frac(1, 2)))).toBe('-1/6');
    expect(fmt(mul(frac(-2, 3), frac(3, 4)))).toBe('-1/2');
    expect(fmt(div(frac(1), frac(6)))).toBe('1/6');
    expect(fmt(neg(frac(1, 3)))).toBe('-1/3');
    expect(fmt(abs(frac(-1, 3)))).toBe('1/3');
  });
  it('gives floats when a float is involved', () => {
    const r = add(frac(1, 2), 0.25);
    expect(isExact(r)).toBe(false);
    expect(r).toBe(0.75);
    expect(mul(2, frac(3))).toBe(6);
    expect(isExact(mul(2, frac(3)))).toBe(false);
  });
  it('throws RangeError on division by zero', () => {
    expect(() => div(frac(1), frac(0))).toThrow(RangeError);
    expect(() => div(1, 0)).toThrow(RangeError);
  });
  it('isZero on both kinds', () => {
    expect(isZero(frac(0))).toBe(true);
    expect(isZero(sub(frac(1, 3), frac(1, 3)))).toBe(true);
    expect(isZero(0)).toBe(true);
    expect(isZero(1e-300)).toBe(false);
  });
  it('does not overflow exact chains (BigInt-backed)', () => {
    let p: Scalar = frac(1);
    for (let i = 0; i < 100; i++) p = mul(p, frac(10));
    expect(fmt(p)).toBe(`1${'0'.repeat(100)}`);
    expect(toNumber(div(p, frac(3)))).toBeCloseTo(1e100 / 3, -85);
  });
  it('toNumber handles parts too large for doubles', () => {
    expect(toNumber(frac(10n ** 400n, 3n * 10n ** 399n))).toBeCloseTo(10 / 3, 14);
    expect(toNumber(frac(1n, 10n ** 400n))).toBe(0);
    expect(scalarToJson(frac(-1, 4))).toBe(-0.25);
  });
});

describe('sqrtScalar', () => {
  it.each([
    [frac(9, 4), '3/2'],
    [frac(0), '0'],
    [frac(1), '1'],
    [frac(1, 100), '1/10'],
    [frac(10n ** 80n), `1${'0'.repeat(40)}`],
    [frac((2n ** 60n + 1n) ** 2n), String(2n ** 60n + 1n)],
  ])('exact for rational squares: %s', (a, s) => {
    const r = sqrtScalar(a);
    expect(isExact(r)).toBe(true);
    expect(fmt(r)).toBe(s);
  });
  it('float otherwise', () => {
    expect(sqrtScalar(frac(2))).toBe(Math.SQRT2);
    expect(sqrtScalar(frac(1, 2))).toBe(Math.SQRT1_2);
    expect(isExact(sqrtScalar(frac((2n ** 60n + 1n) ** 2n + 1n)))).toBe(false);
    expect(sqrtScalar(2.25)).toBe(1.5);
  });
  it('stays fast and exact far beyond doubles', () => {
    // A float first guess for these was up to millions below the root, walked up one at a time.
    expect(sqrtScalar(frac(10n ** 45n + 7n))).toBe(Math.sqrt(1e45));
    expect(fmt(sqrtScalar(frac((10n ** 400n + 3n) ** 2n)))).toBe(String(10n ** 400n + 3n));
    expect(() => sqrtScalar(frac(10n ** 700n + 1n))).toThrow(RangeError);
  });
  it('rejects negatives', () => {
    expect(() => sqrtScalar(frac(-1, 4))).toThrow(RangeError);
    expect(() => sqrtScalar(-0.5)).toThrow(RangeError);
  });
});

describe('sigmoid', () => {
  it('is exactly 1/2 at exact 0', () => {
    expect(fmt(sigmoid(frac(0)))).toBe('1/2');
    expect(isExact(sigmoid(frac(0)))).toBe(true);
  });
  it('is a float elsewhere and stable at the tails', () => {
    expect(sigmoid(frac(1))).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(-30)).toBeCloseTo(Math.exp(-30), 25);
  });
  it('satisfies sigmoid(x) + sigmoid(-x) = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (x) => {
        expect(toNumber(sigmoid(x)) + toNumber(sigmoid(-x))).toBeCloseTo(1, 14);
      }),
      { seed: 7 },
    );
  });
});

describe('compareScalar', () => {
  it.each<[Scalar, Scalar, number]>([
    [frac(1, 3), frac(1, 2), -1],
    [frac(1, 2), frac(1, 2), 0],
    [frac(1), 1, 0],
    [frac(1, 10), 0.1, -1], // the double 0.1 is slightly above 1/10
    [frac(1, 3), 1 / 3, 1], // the double 1/3 is slightly below 1/3
    [frac(10n ** 400n), Infinity, -1],
    [frac(-(10n ** 400n)), -Infinity, 1],
    [frac(10n ** 400n), 1e308, 1],
    [frac(1n, 10n ** 400n), 0, 1],
    [2, 3, -1],
    [-Infinity, Infinity, -1],
  ])('compare(%s, %s) = %s', (a, b, c) => {
    expect(compareScalar(a, b)).toBe(c);
    expect(compareScalar(b, a)).toBe(-c || 0);
  });
  it('rejects NaN', () => {
    expect(() => compareScalar(NaN, frac(1))).toThrow(RangeError);
  });
  it('agrees with exact rational order', () => {
    const q = fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 1000 }));
    fc.assert(
      fc.property(q, q, ([an, ad], [bn, bd]) => {
        expect(compareScalar(frac(an, ad), frac(bn, bd))).toBe(Math.sign(an * bd - bn * ad) || 0);
      }),
      { seed: 3 },
    );
  });
});

describe('formatScalar', () => {
  it.each<[Scalar, string]>([
    [frac(4), '4'],
    [frac(-8), '-8'],
    [frac(1, 6), '1/6'],
    [frac(-1, 3), '-1/3'],
    [frac(0), '0'],
    [Math.SQRT1_2, '0.7071067811865476'],
    [-0, '0'],
    [1e-7, '1e-7'],
    [div(frac(1), frac(6)), '1/6'],
  ])('%s -> %s', (s, text) => {
    expect(fmt(s)).toBe(text);
  });
});
