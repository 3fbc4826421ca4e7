/**
 * The exam's two-action sigmoid policy at a single decision: probabilities, Q, V, advantages
 * and the A2C gradient estimate for one sampled action.
 */
import { ONE, add, mul, neg, sigmoid, sub } from './scalar.ts';
import type { Scalar } from './scalar.ts';

export type PolicyAction = 1 | 2;

export interface PolicyInput {
  theta: Scalar;
  x: Scalar;
  bias: Scalar;
  /** [r(tau_1), r(tau_2)]: the return after taking action 1 or 2. */
  rewards: readonly [Scalar, Scalar];
  action: PolicyAction;
}

export interface PolicyResult {
  /** theta x + bias. */
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
  if (action !== 1 && action !== 2) throw new RangeError(`solvePolicy: action must be 1 or 2, got ${String(action)}`);
  const [r1, r2] = rewards;
  const logit = add(mul(theta, x), bias);
  const pi1 = sigmoid(logit);
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
