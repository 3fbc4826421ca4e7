/**
 * Gradient descent with a constant step on f(w) = a w^2 + b w + c (a > 0). The error to the
 * minimiser obeys e_k = (1 - 2 a alpha) e_{k-1}, so the learning-rate sets follow from
 * |1 - 2 a alpha| < 1, = 1, > 1.
 */
import { ParamsError } from './params-error.ts';
import { IntervalSet } from './interval-set.ts';
import { ONE, ZERO, add, compareScalar, div, formatScalar, frac, mul, neg, sub } from './scalar.ts';
import type { Scalar } from './scalar.ts';

export interface GdInput {
  a: Scalar;
  b: Scalar;
  c: Scalar;
}

export interface GdResult {
  /** |1 - 2 a alpha| < 1: alpha in (0, 1/a). */
  converge: IntervalSet;
  /** |1 - 2 a alpha| = 1, neither converges nor diverges: alpha in {0, 1/a}. */
  oscillate: IntervalSet;
  /** |1 - 2 a alpha| > 1: alpha in (-inf, 0) U (1/a, inf). */
  diverge: IntervalSet;
  /** 1/(2a): rate factor 0, the minimiser in one step from any w0. */
  alphaStar: Scalar;
  /** 1/a, the upper end of the convergent range. */
  alphaMax: Scalar;
  /** The minimiser -b/(2a). */
  wStar: Scalar;
  /** f(wStar) = c - b^2/(4a). */
  fStar: Scalar;
  /** alpha -> 1 - 2 a alpha, the factor by which the error shrinks each step. */
  rateFactor: (alpha: Scalar) => Scalar;
}

const TWO = frac(2);

export function gdRateFactor(a: Scalar, alpha: Scalar): Scalar {
  return sub(ONE, mul(mul(TWO, a), alpha));
}

/** One update w - alpha f'(w) with f'(w) = 2 a w + b. */
export function gdStep(input: GdInput, alpha: Scalar, w: Scalar): Scalar {
  return sub(w, mul(alpha, add(mul(mul(TWO, input.a), w), input.b)));
}

export function solveGd(input: GdInput): GdResult {
  const { a, b, c } = input;
  // a <= 0 has no minimiser (or is not quadratic), so the three sets would mean something else.
  if (compareScalar(a, ZERO) <= 0) throw new ParamsError(['a'], `must be > 0, got ${formatScalar(a)}`);
  const twoA = mul(TWO, a);
  const alphaMax = div(ONE, a);
  const converge = IntervalSet.interval(ZERO, alphaMax, false, false);
  const oscillate = IntervalSet.points([ZERO, alphaMax]);
  // Built directly rather than as a complement: this solver runs once per generated variant.
  const diverge = IntervalSet.union([
    IntervalSet.interval(-Infinity, ZERO, false, false),
    IntervalSet.interval(alphaMax, Infinity, false, false),
  ]);
  const wStar = neg(div(b, twoA));
  return {
    converge,
    oscillate,
    diverge,
    alphaStar: div(ONE, twoA),
    alphaMax,
    wStar,
    fStar: sub(c, div(mul(b, b), mul(TWO, twoA))),
    rateFactor: (alpha: Scalar) => gdRateFactor(a, alpha),
  };
}
