import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { frac, toScalar } from './scalar.ts';
import type { Scalar } from './scalar.ts';
import { OutsideSmallRationals, SmallRational } from './small-rational.ts';

const small = (s: Scalar): SmallRational => {
  const r = SmallRational.fromScalar(s);
  if (r === undefined) throw new Error(`not a small rational: ${String(s)}`);
  return r;
};
/** Fields in order, so a fast-path Fraction must match fraction.js's layout and not just its value. */
const layout = (f: Scalar): unknown => (typeof f === 'number' ? f : Object.entries(f));

const part = fc.integer({ min: -2000, max: 2000 });
const den = fc.integer({ min: 1, max: 2000 });
const rational = fc.tuple(part, den).map(([n, d]) => frac(n, d));
// Near the top of the safe range, where products overflow and the bound checks decide.
const bigPart = fc.oneof(
  fc.integer({ min: 1, max: 2 ** 27 }),
  fc.integer({ min: 2 ** 50, max: Number.MAX_SAFE_INTEGER }),
);
const wide = fc.tuple(fc.boolean(), bigPart, bigPart).map(([negative, n, d]) => frac(negative ? -n : n, d));

describe('SmallRational', () => {
  it('gives exactly the Fraction fraction.js gives, or declines', () => {
    const ops = [
      ['add', (a: SmallRational, b: SmallRational) => a.add(b)],
      ['sub', (a: SmallRational, b: SmallRational) => a.sub(b)],
      ['mul', (a: SmallRational, b: SmallRational) => a.mul(b)],
      ['div', (a: SmallRational, b: SmallRational) => a.div(b)],
    ] as const;
    for (const values of [rational, wide]) {
      fc.assert(
        fc.property(values, values, (a, b) => {
          for (const [name, op] of ops) {
            if (name === 'div' && b.n === 0n) continue;
            const expected = a[name](b);
            let got: SmallRational;
            try {
              got = op(small(a), small(b));
            } catch (e) {
              // Declining (an intermediate left the safe range) is allowed; a different answer is not.
              expect(e).toBeInstanceOf(OutsideSmallRationals);
              continue;
            }
            const f = got.toScalar();
            expect(layout(f)).toEqual(layout(expected));
            expect(Object.getPrototypeOf(f)).toBe(Fraction.prototype);
          }
        }),
        { seed: 11, numRuns: 500 },
      );
    }
  });

  it('declines a product beyond MAX_SAFE_INTEGER instead of rounding it', () => {
    const big = small(frac(2 ** 27 + 1));
    expect(() => big.mul(big)).toThrow(OutsideSmallRationals);
    expect(() => small(frac(1, 2 ** 27 + 1)).add(small(frac(1, 2 ** 27 - 1)))).toThrow(OutsideSmallRationals);
  });

  it('lays out zero and negatives as fraction.js does', () => {
    const zero = small(frac(1, 3))
      .sub(small(frac(1, 3)))
      .toScalar();
    expect(layout(zero)).toEqual(layout(new Fraction(0)));
    expect(layout(small(frac(-1, 3)).neg().neg().toScalar())).toEqual(layout(new Fraction(-1, 3)));
    expect(layout(small(frac(5000, 3)).toScalar())).toEqual(layout(new Fraction(5000, 3)));
  });

  it('takes only exact values with safe-integer parts', () => {
    expect(SmallRational.fromScalar(0.5)).toBeUndefined();
    expect(SmallRational.fromScalar(frac(2n ** 53n))).toBeUndefined();
    expect(SmallRational.fromScalar(frac(1n, 2n ** 60n))).toBeUndefined();
    expect(SmallRational.fromScalar(toScalar(0.01))?.toScalar()).toEqual(toScalar(0.01));
  });

  it('has exact square roots of rational squares only', () => {
    expect(small(frac(9, 4)).sqrt()?.toScalar()).toEqual(frac(3, 2));
    expect(small(frac(0)).sqrt()?.toScalar()).toEqual(frac(0));
    expect(
      small(frac(94906265 ** 2))
        .sqrt()
        ?.toScalar(),
    ).toEqual(frac(94906265));
    expect(small(frac(2)).sqrt()).toBeUndefined();
    expect(small(frac(94906265 ** 2 - 1)).sqrt()).toBeUndefined();
    expect(small(frac(-4)).sqrt()).toBeUndefined();
  });

  it('refuses division by zero', () => {
    expect(() => small(frac(1)).div(small(frac(0)))).toThrow(RangeError);
  });
});
