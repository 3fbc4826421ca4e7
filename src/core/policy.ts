/**
 * The exam's two-action sigmoid policy at a single decision: probabilities, Q, V, advantages
 * and the A2C gradient estimate for one sampled action.
 */
import { ParamsError } from './params-error.ts';
import {
  ONE,
  ZERO,
  add,
  compareScalar,
  div,
  formatScalar,
  isExact,
  isZero,
  mul,
  neg,
  sigmoid,
  sub,
  toNumber,
} from './scalar.ts';
import type { Scalar } from './scalar.ts';

export type PolicyAction = 1 | 2;

export interface PolicyInput {
  theta: Scalar;
  x: Scalar;
  bias: Scalar;
  /**
   * When given, the bias also holds ln(biasLnOf): b = bias + ln(biasLnOf). Exam variants use it so
   * that theta x + b = ln k and pi = sigma(ln k) = k / (1 + k) is a simple fraction.
   */
  biasLnOf?: Scalar;
  /** [r(tau_1), r(tau_2)]: the return after taking action 1 or 2. */
  rewards: readonly [Scalar, Scalar];
  action: PolicyAction;
}

export interface PolicyResult {
  /** theta x + b (a float when b holds a logarithm). */
  logit: Scalar;
  /** [pi(1|x), pi(2|x)]. */
  p: [Scalar, Scalar];
  Q: [Scalar, Scalar];
  V: Scalar;
  A: [Scalar, Scalar];
  /** d log pi(action|x) / d theta. */
  gradLogPi: Scalar;
  /** [d log pi(1|x)/d theta, d log pi(2|x)/d theta], to recognise the wrong-action mistake. */
  gradLogPiByAction: [Scalar, Scalar];
  /** gradLogPi * A[action - 1]. */
  a2c: Scalar;
}

export function solvePolicy(input: PolicyInput): PolicyResult {
  const { theta, x, bias, rewards, action } = input;
  if (action !== 1 && action !== 2) throw new ParamsError(['action'], `must be 1 or 2, got ${String(action)}`);
  const [r1, r2] = rewards;
  const rational = add(mul(theta, x), bias);
  const { logit, pi1 } = withLogTerm(rational, input.biasLnOf);
  const pi2 = sub(ONE, pi1);
  const V = add(mul(pi1, r1), mul(pi2, r2));
  const A: [Scalar, Scalar] = [sub(r1, V), sub(r2, V)];
  // sigma' = sigma (1 - sigma), so d log sigma = (1 - sigma) x and d log(1 - sigma) = -sigma x.
  const gradLogPiByAction: [Scalar, Scalar] = [mul(pi2, x), neg(mul(pi1, x))];
  const gradLogPi = gradLogPiByAction[action - 1] as Scalar;
  return {
    logit,
    p: [pi1, pi2],
    Q: [r1, r2],
    V,
    A,
    gradLogPi,
    gradLogPiByAction,
    a2c: mul(gradLogPi, A[action - 1] as Scalar),
  };
}

/** sigma(t + ln k), exact when t is exactly 0 (sigma(ln k) = k / (1 + k)), otherwise a float. */
function withLogTerm(t: Scalar, k: Scalar | undefined): { logit: Scalar; pi1: Scalar } {
  if (k === undefined) return { logit: t, pi1: sigmoid(t) };
  if (compareScalar(k, ZERO) <= 0)
    throw new ParamsError(['biasLn'], `the argument of ln must be > 0, got ${formatScalar(k)}`);
  if (isExact(t) && isZero(t) && isExact(k)) return { logit: Math.log(toNumber(k)), pi1: div(k, add(ONE, k)) };
  const logit = toNumber(t) + Math.log(toNumber(k));
  return { logit, pi1: sigmoid(logit) };
}
