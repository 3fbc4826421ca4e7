/**
 * The exam's scalar RNN z_t = theta * x_t * z_{t-1}, loss (z_T - y)^2, and its gradient by
 * backpropagation through time, kept per time step so partial credit can be given per path.
 */
import { ParamsError } from './params-error.ts';
import { ONE, ZERO, add, mul, sub } from './scalar.ts';
import type { Scalar } from './scalar.ts';

export interface RnnInput {
  theta: Scalar;
  z0: Scalar;
  x: readonly Scalar[];
  y: Scalar;
}

export interface RnnResult {
  /** z_1 .. z_T (z_0 is the input). */
  z: Scalar[];
  loss: Scalar;
  /** 2 (z_T - y). */
  dLdzT: Scalar;
  dLdtheta: Scalar;
  /**
   * pathTerms[t-1] = dL/dz_T * (prod_{s=t+1..T} theta x_s) * x_t z_{t-1}: the contribution of
   * theta's use at step t. They sum to dLdtheta.
   */
  pathTerms: Scalar[];
  /** dzTdz[t-1] = dz_T/dz_t = prod_{s=t+1..T} theta x_s (the chain factors; the last is 1). */
  dzTdz: Scalar[];
  /** localGrads[t-1] = the direct dz_t/dtheta = x_t z_{t-1}. */
  localGrads: Scalar[];
  /** dL/dz_0. */
  dLdz0: Scalar;
}

export function solveRnn(input: RnnInput): RnnResult {
  const { theta, z0, x, y } = input;
  const T = x.length;
  if (T < 1) throw new ParamsError(['x'], 'the input sequence needs at least one step');
  const z: Scalar[] = [];
  const localGrads: Scalar[] = [];
  let prev = z0;
  for (const xt of x) {
    localGrads.push(mul(xt, prev));
    prev = mul(mul(theta, xt), prev);
    z.push(prev);
  }
  const zT = prev;
  const err = sub(zT, y);
  const loss = mul(err, err);
  const dLdzT = add(err, err);
  const dzTdz: Scalar[] = new Array<Scalar>(T);
  const pathTerms: Scalar[] = new Array<Scalar>(T);
  let chain: Scalar = ONE;
  let dLdtheta: Scalar = ZERO;
  for (let t = T - 1; t >= 0; t--) {
    dzTdz[t] = chain;
    const term = mul(mul(dLdzT, chain), localGrads[t] as Scalar);
    pathTerms[t] = term;
    dLdtheta = add(dLdtheta, term);
    chain = mul(chain, mul(theta, x[t] as Scalar));
  }
  return { z, loss, dLdzT, dLdtheta, pathTerms, dzTdz, localGrads, dLdz0: mul(dLdzT, chain) };
}
