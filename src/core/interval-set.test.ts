import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntervalSet } from './interval-set.ts';
import type { Interval } from './interval-set.ts';
import { compareScalar, frac, toNumber } from './scalar.ts';
import type { Scalar } from './scalar.ts';

const third = frac(1, 3);
const iv = (lo: Scalar, hi: Scalar, lc: boolean, hc: boolean): IntervalSet => IntervalSet.interval(lo, hi, lc, hc);
const open = (lo: Scalar, hi: Scalar): IntervalSet => iv(lo, hi, false, false);
const closed = (lo: Scalar, hi: Scalar): IntervalSet => iv(lo, hi, true, true);
const pt = (v: Scalar): IntervalSet => IntervalSet.point(v);
const U = (...sets: IntervalSet[]): IntervalSet => IntervalSet.union(sets);

describe('canonical printing', () => {
  it.each<[string, IntervalSet, string]>([
    ['open', open(0, third), '(0, 1/3)'],
    ['closed', closed(0, third), '[0, 1/3]'],
    ['half-open', iv(0, third, true, false), '[0, 1/3)'],
    ['points merged and sorted', IntervalSet.points([third, frac(0), frac(0)]), '{0, 1/3}'],
    ['single point', pt(frac(2)), '{2}'],
    ['empty', IntervalSet.empty(), '{}'],
    ['left ray', open(-Infinity, frac(0)), '(-inf, 0)'],
    ['right ray', open(third, Infinity), '(1/3, inf)'],
    ['real line', open(-Infinity, Infinity), '(-inf, inf)'],
    ['gd diverge', U(open(third, Infinity), open(-Infinity, frac(0))), '(-inf, 0) U (1/3, inf)'],
    ['rays around a point', U(open(2, Infinity), pt(1), open(-Infinity, 0)), '(-inf, 0) U {1} U (2, inf)'],
    ['point runs split by intervals', U(pt(0), open(1, 2), pt(3), pt(4)), '{0} U (1, 2) U {3, 4}'],
    ['touching [0,1) U [1,2]', U(iv(0, 1, true, false), closed(1, 2)), '[0, 2]'],
    ['(0,1) U {1}', U(open(0, 1), pt(1)), '(0, 1]'],
    ['{1} U (1,2)', U(pt(1), open(1, 2)), '[1, 2)'],
    ['(0,1) U (1,2) stay apart', U(open(1, 2), open(0, 1)), '(0, 1) U (1, 2)'],
    ['overlap', U(open(0, 2), closed(1, 3)), '(0, 3]'],
    ['nested', U(closed(0, 5), open(1, 2), pt(3)), '[0, 5]'],
    ['same lo, closed wins', U(open(0, 1), iv(0, 1, true, false)), '[0, 1)'],
    ['same hi, closed wins', U(open(0, 1), iv(0, 1, false, true)), '(0, 1]'],
    ['float bounds', open(0, Math.SQRT1_2), '(0, 0.7071067811865476)'],
    ['negative fractions', closed(frac(-1, 3), frac(-1, 6)), '[-1/3, -1/6]'],
  ])('%s', (_name, set, text) => {
    expect(set.toString()).toBe(text);
  });
});

describe('construction', () => {
  it('(a, a) and [a, a) are empty, [a, a] is a point', () => {
    expect(open(1, 1).isEmpty()).toBe(true);
    expect(iv(1, 1, true, false).isEmpty()).toBe(true);
    expect(closed(1, 1).equals(pt(1))).toBe(true);
  });
  it('rejects lo > hi, closed infinite ends, NaN, infinite points', () => {
    expect(() => open(2, 1)).toThrow(RangeError);
    expect(() => iv(-Infinity, 0, true, false)).toThrow(RangeError);
    expect(() => iv(0, Infinity, false, true)).toThrow(RangeError);
    expect(() => open(NaN, 1)).toThrow(RangeError);
    expect(() => pt(Infinity)).toThrow(RangeError);
  });
  it('keeps intervals frozen', () => {
    const s = open(0, 1);
    expect(Object.isFrozen(s.intervals)).toBe(true);
    expect(Object.isFrozen(s.intervals[0])).toBe(true);
  });
});

describe('operations', () => {
  it.each<[string, IntervalSet, string]>([
    ['complement of empty', IntervalSet.empty().complement(), '(-inf, inf)'],
    ['complement of real', IntervalSet.real().complement(), '{}'],
    ['complement of a point', pt(1).complement(), '(-inf, 1) U (1, inf)'],
    ['complement of [0, 1]', closed(0, 1).complement(), '(-inf, 0) U (1, inf)'],
    ['complement of (0,1) U (1,2)', U(open(0, 1), open(1, 2)).complement(), '(-inf, 0] U {1} U [2, inf)'],
    [
      'complement of gd sets',
      U(open(0, third), IntervalSet.points([frac(0), third])).complement(),
      '(-inf, 0) U (1/3, inf)',
    ],
    ['(0,2) n [1,3]', open(0, 2).intersect(closed(1, 3)), '[1, 2)'],
    ['[0,1] n [1,2]', closed(0, 1).intersect(closed(1, 2)), '{1}'],
    ['(0,1) n (1,2)', open(0, 1).intersect(open(1, 2)), '{}'],
    ['multi-piece', U(open(0, 2), open(3, 5)).intersect(U(closed(1, 4), pt(5), pt(0))), '[1, 2) U (3, 4]'],
  ])('%s', (_name, set, text) => {
    expect(set.toString()).toBe(text);
  });

  it('contains respects open and closed ends', () => {
    const s = U(iv(0, third, true, false), pt(1), open(2, Infinity));
    expect([-1, 0, 0.2, 1 / 3, 0.5, 1, 2, 3, 1e300].map((x) => s.contains(x))).toEqual([
      false,
      true,
      true,
      true,
      false,
      true,
      false,
      true,
      true,
    ]);
    expect(s.contains(third)).toBe(false);
    expect(s.contains(NaN)).toBe(false);
  });

  it('equals compares values structurally', () => {
    expect(open(0, frac(1)).equals(open(0, 1))).toBe(true);
    expect(open(0, third).equals(open(0, 1 / 3))).toBe(false);
    expect(open(0, 1).equals(iv(0, 1, true, false))).toBe(false);
    expect(U(open(0, 1), open(1, 2)).equals(open(0, 2))).toBe(false);
  });

  it('isFinitePointSet and pointValues', () => {
    expect(IntervalSet.points([frac(0), third]).isFinitePointSet()).toBe(true);
    expect(IntervalSet.empty().isFinitePointSet()).toBe(true);
    expect(U(pt(0), open(1, 2)).isFinitePointSet()).toBe(false);
    expect(
      IntervalSet.points([third, frac(0)])
        .pointValues()
        .map(toNumber),
    ).toEqual([0, 1 / 3]);
    expect(() => open(0, 1).pointValues()).toThrow(RangeError);
  });
});

// Random sets with half-integer ends in [-4, 4] plus infinities: small enough to collide often,
// so touching, nesting and shared ends are exercised.
const end = fc.integer({ min: -8, max: 8 }).map((k) => frac(k, 2));
const piece = fc
  .tuple(fc.option(end, { freq: 6 }), fc.option(end, { freq: 6 }), fc.boolean(), fc.boolean())
  .map(([a, b, lc, hc]): IntervalSet => {
    const lo: Scalar = a ?? -Infinity;
    const hi: Scalar = b ?? Infinity;
    const [l, h] = compareScalar(lo, hi) <= 0 ? [lo, hi] : [hi, lo];
    return iv(l, h, lc && Number.isFinite(toNumber(l)), hc && Number.isFinite(toNumber(h)));
  });
const setArb = fc.array(piece, { maxLength: 4 }).map((ps) => IntervalSet.union(ps));
const probes = Array.from({ length: 41 }, (_, k) => (k - 20) / 4); // ends and midpoints

const member = (s: IntervalSet): boolean[] => probes.map((x) => s.contains(x));

function isCanonical(s: IntervalSet): boolean {
  const ivs: readonly Interval[] = s.intervals;
  return ivs.every((p, k) => {
    const c = compareScalar(p.lo, p.hi);
    if (c > 0 || (c === 0 && !(p.loClosed && p.hiClosed))) return false;
    const q = ivs[k + 1];
    if (q === undefined) return true;
    const gap = compareScalar(p.hi, q.lo);
    return gap < 0 || (gap === 0 && !p.hiClosed && !q.loClosed);
  });
}

describe('set laws (fast-check)', () => {
  const opts = { seed: 2024, numRuns: 300 };
  it('results are canonical and print stably', () => {
    fc.assert(
      fc.property(setArb, setArb, (a, b) => {
        for (const s of [a, a.union(b), a.intersect(b), a.complement()]) {
          expect(isCanonical(s)).toBe(true);
          expect(IntervalSet.fromIntervals(s.intervals).toString()).toBe(s.toString());
        }
      }),
      opts,
    );
  });
  it('membership follows the set operations', () => {
    fc.assert(
      fc.property(setArb, setArb, (a, b) => {
        const ma = member(a);
        const mb = member(b);
        expect(member(a.union(b))).toEqual(ma.map((v, k) => v || (mb[k] as boolean)));
        expect(member(a.intersect(b))).toEqual(ma.map((v, k) => v && (mb[k] as boolean)));
        expect(member(a.complement())).toEqual(ma.map((v) => !v));
      }),
      opts,
    );
  });
  it('complement is an involution; A u A^c = R; A n A^c = {}; De Morgan', () => {
    fc.assert(
      fc.property(setArb, setArb, (a, b) => {
        expect(a.complement().complement().equals(a)).toBe(true);
        expect(a.union(a.complement()).toString()).toBe('(-inf, inf)');
        expect(a.intersect(a.complement()).isEmpty()).toBe(true);
        expect(a.union(b).complement().equals(a.complement().intersect(b.complement()))).toBe(true);
        expect(a.intersect(b).complement().equals(a.complement().union(b.complement()))).toBe(true);
      }),
      opts,
    );
  });
  it('union and intersection commute, associate and distribute', () => {
    fc.assert(
      fc.property(setArb, setArb, setArb, (a, b, c) => {
        expect(a.union(b).equals(b.union(a))).toBe(true);
        expect(a.intersect(b).equals(b.intersect(a))).toBe(true);
        expect(
          a
            .union(b)
            .union(c)
            .equals(a.union(b.union(c))),
        ).toBe(true);
        expect(
          a
            .intersect(b)
            .intersect(c)
            .equals(a.intersect(b.intersect(c))),
        ).toBe(true);
        expect(a.intersect(b.union(c)).equals(a.intersect(b).union(a.intersect(c)))).toBe(true);
      }),
      opts,
    );
  });
});
