/** The learning-rate sets checked against simulated gradient descent. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gdStep, solveGd } from './gd.ts';
import type { GdInput } from './gd.ts';
import { IntervalSet } from './interval-set.ts';
import { abs, compareScalar, frac, isExact, sub, toNumber } from './scalar.ts';
import type { Scalar } from './scalar.ts';

const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const opts = { seed: 99, numRuns: 150 };
const STEPS = 200;

const problem = fc.record({ a: real(0.1, 10), b: real(-5, 5), c: real(-5, 5) });
// Start away from the minimiser, on either side.
const offset = fc.tuple(real(0.5, 5), fc.boolean()).map(([d, negative]) => (negative ? -d : d));

/** |w_k - w*| for k = 0..STEPS, stopping early once it has clearly blown up. */
function errors(p: GdInput, alpha: number, w0: number): number[] {
  const wStar = toNumber(solveGd(p).wStar);
  const out = [Math.abs(w0 - wStar)];
  let w: Scalar = w0;
  for (let k = 0; k < STEPS; k++) {
    w = gdStep(p, alpha, w);
    const e = Math.abs(toNumber(w) - wStar);
    out.push(e);
    if (!(e < 1e6 * (out[0] as number))) break;
  }
  return out;
}

function onlyIn(alpha: Scalar, mine: IntervalSet, ...others: IntervalSet[]): void {
  expect(mine.contains(alpha)).toBe(true);
  for (const s of others) expect(s.contains(alpha)).toBe(false);
}

describe('gd learning-rate sets against simulated descent', () => {
  it('alpha in converge: the error shrinks at every step and towards 0', () => {
    fc.assert(
      fc.property(problem, offset, real(1e-6, 1 - 1e-6), (p, d, u) => {
        const r = solveGd(p);
        const alpha = u * toNumber(r.alphaMax);
        onlyIn(alpha, r.converge, r.oscillate, r.diverge);
        const e = errors(p, alpha, toNumber(r.wStar) + d);
        const e0 = e[0] as number;
        const tol = 1e-12 * (Math.abs(toNumber(r.wStar)) + e0);
        // One assertion per run, not per step: expect() dominates the cost of a 200-step loop.
        expect(e.findIndex((ek, k) => k > 0 && ek > (e[k - 1] as number) + tol)).toBe(-1);
        expect(e[STEPS] as number).toBeLessThan(e0);
        // Away from the ends, |1 - 2 a alpha| <= 0.9 and 200 steps reach the minimiser.
        if (u >= 0.05 && u <= 0.95) expect(e[STEPS] as number).toBeLessThan(1e-6 * e0);
      }),
      opts,
    );
  });

  it('alpha in oscillate: the error keeps its size forever (neither converges nor diverges)', () => {
    fc.assert(
      fc.property(problem, offset, (p, d) => {
        const r = solveGd(p);
        for (const alphaS of r.oscillate.pointValues()) {
          const alpha = toNumber(alphaS);
          onlyIn(alpha, r.oscillate, r.converge, r.diverge);
          const e = errors(p, alpha, toNumber(r.wStar) + d);
          const e0 = e[0] as number;
          expect(e).toHaveLength(STEPS + 1);
          expect(Math.min(...e)).toBeGreaterThan(0.99 * e0);
          expect(Math.max(...e)).toBeLessThan(1.01 * e0);
        }
      }),
      opts,
    );
  });

  it('alpha in diverge: the error grows without bound', () => {
    const side = fc.tuple(real(0.01, 5), fc.boolean());
    fc.assert(
      fc.property(problem, offset, side, (p, d, [u, below]) => {
        const r = solveGd(p);
        const alphaMax = toNumber(r.alphaMax);
        const alpha = below ? -u * alphaMax : (1 + u) * alphaMax;
        onlyIn(alpha, r.diverge, r.converge, r.oscillate);
        const e = errors(p, alpha, toNumber(r.wStar) + d);
        const last = e[e.length - 1] as number;
        expect(last > 10 * (e[0] as number) || !Number.isFinite(last)).toBe(true);
      }),
      opts,
    );
  });

  it('alphaStar reaches the minimiser in one step (floats: closely)', () => {
    fc.assert(
      fc.property(problem, offset, (p, d) => {
        const r = solveGd(p);
        const w1 = toNumber(gdStep(p, r.alphaStar, toNumber(r.wStar) + d));
        expect(Math.abs(w1 - toNumber(r.wStar))).toBeLessThan(1e-9 * (1 + Math.abs(d) + Math.abs(toNumber(r.wStar))));
      }),
      opts,
    );
  });
});

describe('gd with exact inputs', () => {
  const q = (lo: number, hi: number) =>
    fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: 1, max: 12 })).map(([n, dd]) => frac(n, dd));
  const exactProblem = fc.record({ a: q(1, 40), b: q(-20, 20), c: q(-20, 20) });

  it('alphaStar reaches w* exactly; on {0, 1/a} |w_k - w*| is exactly constant', () => {
    fc.assert(
      fc.property(exactProblem, q(-20, 20), (p, w0) => {
        const r = solveGd(p);
        const w1 = gdStep(p, r.alphaStar, w0);
        expect(isExact(w1)).toBe(true);
        expect(compareScalar(w1, r.wStar)).toBe(0);
        const e0 = abs(sub(w0, r.wStar));
        for (const alpha of r.oscillate.pointValues()) {
          let w: Scalar = w0;
          for (let k = 0; k < 20; k++) {
            w = gdStep(p, alpha, w);
            expect(compareScalar(abs(sub(w, r.wStar)), e0)).toBe(0);
          }
        }
      }),
      opts,
    );
  });

  it('the three sets partition the line and follow |1 - 2 a alpha| vs 1', () => {
    fc.assert(
      fc.property(exactProblem, q(-60, 60), fc.constantFrom('random', 'zero', 'max', 'star'), (p, drawn, pick) => {
        const r = solveGd(p);
        // The ends are where off-by-one set bugs live, so they are drawn on purpose.
        const alpha = pick === 'zero' ? frac(0) : pick === 'max' ? r.alphaMax : pick === 'star' ? r.alphaStar : drawn;
        const { converge: c, oscillate: o, diverge: d } = r;
        expect(IntervalSet.union([c, o, d]).toString()).toBe('(-inf, inf)');
        expect(c.intersect(o).isEmpty() && c.intersect(d).isEmpty() && o.intersect(d).isEmpty()).toBe(true);
        const cmp = compareScalar(abs(r.rateFactor(alpha)), frac(1));
        const expected = cmp < 0 ? c : cmp === 0 ? o : d;
        expect(expected.contains(alpha)).toBe(true);
      }),
      opts,
    );
  });
});
