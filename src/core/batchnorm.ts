/** Batch norm over one mini-batch of scalars: forward pass and both Jacobians (exam problem 1). */
import { ONE, ZERO, add, compareScalar, div, formatScalar, frac, isZero, mul, neg, sqrtScalar, sub } from './scalar.ts';
import type { Scalar } from './scalar.ts';

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

export function solveBatchNorm(input: BatchNormInput): BatchNormResult {
  const { x, gamma, beta, eps } = input;
  const m = x.length;
  // With m = 1 xhat is 0/0 in the eps = 0 case and always 0 otherwise: batch norm needs a batch.
  if (m < 2) throw new RangeError(`solveBatchNorm: needs at least 2 values, got ${m}`);
  const mM = frac(m);
  let sum: Scalar = ZERO;
  for (const v of x) sum = add(sum, v);
  const mean = div(sum, mM);
  let ss: Scalar = ZERO;
  for (const v of x) {
    const d = sub(v, mean);
    ss = add(ss, mul(d, d));
  }
  const variance = div(ss, mM);
  const unbiasedVariance = div(ss, frac(m - 1));
  const denomSq = add(variance, eps);
  if (isZero(denomSq)) {
    throw new RangeError('solveBatchNorm: variance + eps is 0 (all values equal and eps = 0), so xhat is undefined');
  }
  if (compareScalar(denomSq, ZERO) < 0) {
    throw new RangeError(`solveBatchNorm: variance + eps = ${formatScalar(denomSq)} is negative (eps must be >= 0)`);
  }
  const std = sqrtScalar(denomSq);
  const scale = div(gamma, std);
  // dy_i/dx_j = scale (delta_ij - 1/m) - (scale/m) xhat_i xhat_j, arranged so each entry costs two
  // operations. Plain loops: this is the hot path of variant generation (no per-call closures).
  const perM = div(scale, mM);
  const diagonal = sub(scale, perM);
  const offDiagonal = neg(perM);
  const xhat: Scalar[] = new Array<Scalar>(m);
  const y: Scalar[] = new Array<Scalar>(m);
  const jacobian: Scalar[][] = new Array<Scalar[]>(m);
  const scaledXhat: Scalar[] = new Array<Scalar>(m);
  for (let i = 0; i < m; i++) {
    const h = div(sub(x[i] as Scalar, mean), std);
    xhat[i] = h;
    y[i] = add(mul(gamma, h), beta);
    jacobian[i] = [ONE, h];
    scaledXhat[i] = mul(perM, h);
  }
  const jacobianX: Scalar[][] = new Array<Scalar[]>(m);
  for (let i = 0; i < m; i++) {
    const row: Scalar[] = new Array<Scalar>(m);
    const si = scaledXhat[i] as Scalar;
    for (let j = 0; j < m; j++) row[j] = sub(i === j ? diagonal : offDiagonal, mul(si, xhat[j] as Scalar));
    jacobianX[i] = row;
  }
  return { m, mean, variance, unbiasedVariance, std, xhat, y, jacobian, jacobianX };
}
