import { mul, sub, toScalar, type Scalar } from '../../src/core/scalar.ts';

export interface SquaredErrorResult {
  prediction: Scalar;
  loss: Scalar;
  /** dL/dw = 2 x (w x - y) */
  gradient: Scalar;
}

/** One weight, one example: L(w) = (w x - y)^2. Pure, exact on rationals. */
export function solveSquaredError(p: { w: Scalar; x: Scalar; y: Scalar }): SquaredErrorResult {
  const prediction = mul(p.w, p.x);
  const error = sub(prediction, p.y);
  return { prediction, loss: mul(error, error), gradient: mul(mul(toScalar(2), p.x), error) };
}
