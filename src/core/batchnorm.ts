/** Batch norm over one mini-batch of scalars: forward pass and both Jacobians (exam problem 1). */
import { ParamsError } from './params-error.ts';
import { SCALARS, SMALL_RATIONALS, type Arithmetic } from './arithmetic.ts';
import { ONE } from './scalar.ts';
import type { Scalar } from './scalar.ts';
import { OutsideSmallRationals, SmallRational } from './small-rational.ts';

export interface BatchNormInput {
  x: readonly Scalar[];
  gamma: Scalar;
  beta: Scalar;
  eps: Scalar;
}

export interface BatchNormResult {
  m: number;
  mean: Scalar;
  /** Biased (1/m) variance, as in the algorithm the exam prints. */
  variance: Scalar;
  /** 1/(m-1) variance: not used by batch norm, kept to recognise the common mistake. */
  unbiasedVariance: Scalar;
  /** sqrt(variance + eps), the normaliser. */
  std: Scalar;
  xhat: Scalar[];
  y: Scalar[];
  /** m x 2, row i = [dy_i/dbeta, dy_i/dgamma] = [1, xhat_i]: the exam's column order. */
  jacobian: Scalar[][];
  /** m x m, dy_i/dx_j = gamma/std * (delta_ij - 1/m - xhat_i xhat_j / m). */
  jacobianX: Scalar[][];
}

interface Inputs<T> {
  x: readonly T[];
  gamma: T;
  beta: T;
  eps: T;
}

export function solveBatchNorm(input: BatchNormInput): BatchNormResult {
  const m = input.x.length;
  // With m = 1 xhat is 0/0 in the eps = 0 case and always 0 otherwise: batch norm needs a batch.
  if (m < 2) throw new ParamsError(['x'], `needs at least 2 values, got ${m}`);
  // Exam batches are small integers with a rational normaliser, which small rationals solve
  // several times faster than fraction.js. Exact values do not depend on how they were computed,
  // so falling back (floats, an irrational normaliser, huge parts) never changes a result.
  const small = toSmallRationals(input);
  if (small !== undefined) {
    try {
      const exact = solveIn(SMALL_RATIONALS, small);
      if (exact !== undefined) return exact;
    } catch (e) {
      if (!(e instanceof OutsideSmallRationals)) throw e;
    }
  }
  // sqrtScalar always has a root (a float when it is irrational), so Scalars never give up.
  return solveIn(SCALARS, input) as BatchNormResult;
}

function toSmallRationals({ x, gamma, beta, eps }: BatchNormInput): Inputs<SmallRational> | undefined {
  const g = SmallRational.fromScalar(gamma);
  const b = SmallRational.fromScalar(beta);
  const e = SmallRational.fromScalar(eps);
  if (g === undefined || b === undefined || e === undefined) return undefined;
  const xs: SmallRational[] = new Array<SmallRational>(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = SmallRational.fromScalar(x[i] as Scalar);
    if (v === undefined) return undefined;
    xs[i] = v;
  }
  return { x: xs, gamma: g, beta: b, eps: e };
}

/** Undefined only when F cannot represent the normaliser sqrt(variance + eps). */
function solveIn<T>(F: Arithmetic<T>, { x, gamma, beta, eps }: Inputs<T>): BatchNormResult | undefined {
  const m = x.length;
  const mM = F.int(m);
  let sum = F.int(0);
  for (const v of x) sum = F.add(sum, v);
  const mean = F.div(sum, mM);
  let ss = F.int(0);
  for (const v of x) {
    const d = F.sub(v, mean);
    ss = F.add(ss, F.mul(d, d));
  }
  const variance = F.div(ss, mM);
  const unbiasedVariance = F.div(ss, F.int(m - 1));
  const denomSq = F.add(variance, eps);
  if (F.isZero(denomSq)) {
    throw new ParamsError(
      ['x', 'eps'],
      'all values equal with eps = 0 give a variance of 0, so x̂ is undefined; give two different values or eps > 0',
    );
  }
  if (F.isNegative(denomSq)) {
    throw new ParamsError(['eps'], 'must be >= 0');
  }
  const std = F.sqrt(denomSq);
  if (std === undefined) return undefined;
  const scale = F.div(gamma, std);
  // dy_i/dx_j = scale (delta_ij - 1/m) - (scale/m) xhat_i xhat_j, arranged so each entry costs two
  // operations. Plain loops: this is the hot path of variant generation (no per-call closures).
  const perM = F.div(scale, mM);
  const diagonal = F.sub(scale, perM);
  const offDiagonal = F.neg(perM);
  const h: T[] = new Array<T>(m);
  const scaledH: T[] = new Array<T>(m);
  const xhat: Scalar[] = new Array<Scalar>(m);
  const y: Scalar[] = new Array<Scalar>(m);
  const jacobian: Scalar[][] = new Array<Scalar[]>(m);
  for (let i = 0; i < m; i++) {
    const hi = F.div(F.sub(x[i] as T, mean), std);
    const hiScalar = F.toScalar(hi);
    h[i] = hi;
    scaledH[i] = F.mul(perM, hi);
    xhat[i] = hiScalar;
    y[i] = F.toScalar(F.add(F.mul(gamma, hi), beta));
    jacobian[i] = [ONE, hiScalar];
  }
  const jacobianX: Scalar[][] = new Array<Scalar[]>(m);
  for (let i = 0; i < m; i++) {
    const row: Scalar[] = new Array<Scalar>(m);
    const si = scaledH[i] as T;
    // J_x is symmetric, but (s h_i) h_j and (s h_j) h_i may round differently in floats: only
    // exact arithmetic may copy the lower triangle from the upper one.
    const first = F.exact ? i : 0;
    for (let j = 0; j < first; j++) row[j] = (jacobianX[j] as Scalar[])[i] as Scalar;
    for (let j = first; j < m; j++) row[j] = F.toScalar(F.sub(i === j ? diagonal : offDiagonal, F.mul(si, h[j] as T)));
    jacobianX[i] = row;
  }
  return {
    m,
    mean: F.toScalar(mean),
    variance: F.toScalar(variance),
    unbiasedVariance: F.toScalar(unbiasedVariance),
    std: F.toScalar(std),
    xhat,
    y,
    jacobian,
    jacobianX,
  };
}
