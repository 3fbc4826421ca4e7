/**
 * The exam-friendly draws of the current templates checked against independent methods: a float
 * re-implementation with finite differences (batch norm, RNN, policy) and simulated gradient
 * descent (gd). Seeds, not hand-picked params, so every shape the draws produce is covered.
 */
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates/index.ts';
import type { AnyTemplate } from '../../src/engine/template.ts';

const T: Record<keyof typeof TEMPLATES, AnyTemplate> = TEMPLATES;
import { generateVariant } from '../../src/engine/generate-variant.ts';
import { exactScalar, type ExactNumber } from '../../src/engine/template-helpers.ts';
import { div, frac, toNumber } from '../../src/core/scalar.ts';
import type { IntervalSet } from '../../src/core/interval-set.ts';
import { centralDiff } from '../../src/core/fd.test-helpers.ts';

const SEEDS = Array.from({ length: 300 }, (_, i) => `property-${i}`);
const num = (v: ExactNumber): number => toNumber(exactScalar(v));

/** |a - b| within 1e-6 relative to the size of the values (FD error is about 1e-9 here). */
function close(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-6 * Math.max(1, Math.abs(expected)),
  );
}

describe('batchnorm draws', () => {
  function forward(
    x: number[],
    gamma: number,
    beta: number,
    eps: number,
  ): { mean: number; variance: number; xhat: number[]; y: number[] } {
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    const xhat = x.map((v) => (v - mean) / Math.sqrt(variance + eps));
    return { mean, variance, xhat, y: xhat.map((h) => gamma * h + beta) };
  }

  it('mean, variance, x̂, y match a float forward pass; both Jacobians match finite differences', () => {
    for (const seed of SEEDS) {
      const v = generateVariant(T.batchnorm, seed);
      const p = v.params as { x: number[]; gamma: number; beta: number; eps: ExactNumber };
      const a = T.batchnorm.answersToJson(v.answers) as {
        mean: number;
        variance: number;
        xhat: number[];
        y: number[];
        jacobian: number[][];
        jacobianX: number[][];
      };
      const eps = num(p.eps);
      const f = forward(p.x, p.gamma, p.beta, eps);
      close(a.mean, f.mean, `${seed} mean`);
      close(a.variance, f.variance, `${seed} variance`);
      f.xhat.forEach((h, i) => close(a.xhat[i] as number, h, `${seed} xhat`));
      f.y.forEach((y, i) => close(a.y[i] as number, y, `${seed} y`));
      p.x.forEach((_, i) => {
        close(
          a.jacobian[i]?.[0] as number,
          centralDiff((b) => forward(p.x, p.gamma, b, eps).y[i] as number, p.beta),
          `${seed} dy/dbeta`,
        );
        close(
          a.jacobian[i]?.[1] as number,
          centralDiff((g) => forward(p.x, g, p.beta, eps).y[i] as number, p.gamma),
          `${seed} dy/dgamma`,
        );
        p.x.forEach((xj, j) => {
          const fd = centralDiff(
            (t) =>
              forward(
                p.x.map((v2, k) => (k === j ? t : v2)),
                p.gamma,
                p.beta,
                eps,
              ).y[i] as number,
            xj,
          );
          expect(Math.abs((a.jacobianX[i]?.[j] as number) - fd), `${seed} dy${i}/dx${j}`).toBeLessThanOrEqual(
            1e-5 * Math.max(1, Math.abs(p.gamma)),
          );
        });
      });
    }
  });
});

describe('rnn draws', () => {
  it('the loss and dL/dtheta match a float forward pass and finite differences', () => {
    for (const seed of SEEDS) {
      const v = generateVariant(T.rnn, seed);
      const p = v.params as { theta: number; z0: number; x: number[]; y: number };
      const a = T.rnn.answersToJson(v.answers) as { loss: number; dLdtheta: number; dLdzT: number };
      const loss = (theta: number) => (p.x.reduce((z, xt) => theta * xt * z, p.z0) - p.y) ** 2;
      close(a.loss, loss(p.theta), `${seed} loss`);
      expect(Math.abs(a.dLdtheta - centralDiff(loss, p.theta)), seed).toBeLessThanOrEqual(
        1e-5 * Math.max(1, a.loss, Math.abs(a.dLdtheta)),
      );
    }
  });
});

describe('policy draws', () => {
  it('pi, V, A, d log pi / d theta and the A2C estimate match floats with the logarithm evaluated and finite differences', () => {
    for (const seed of SEEDS) {
      const v = generateVariant(T.policy, seed);
      const p = v.params as {
        theta: number;
        x: number;
        bias: number;
        biasLn?: ExactNumber;
        rewards: [number, number];
        action: 1 | 2;
      };
      const a = T.policy.answersToJson(v.answers) as {
        p: number[];
        V: number;
        A: number[];
        gradLogPi: number;
        a2c: number;
      };
      const b = p.bias + (p.biasLn === undefined ? 0 : Math.log(num(p.biasLn)));
      const pi1 = (theta: number) => 1 / (1 + Math.exp(-(theta * p.x + b)));
      const logPi = (theta: number) => Math.log(p.action === 1 ? pi1(theta) : 1 - pi1(theta));
      const V = pi1(p.theta) * p.rewards[0] + (1 - pi1(p.theta)) * p.rewards[1];
      close(a.p[0] as number, pi1(p.theta), `${seed} pi`);
      close(a.V, V, `${seed} V`);
      close(a.A[0] as number, p.rewards[0] - V, `${seed} A1`);
      close(a.gradLogPi, centralDiff(logPi, p.theta), `${seed} d log pi`);
      close(a.a2c, centralDiff(logPi, p.theta) * ((p.rewards[p.action - 1] as number) - V), `${seed} a2c`);
    }
  });
});

describe('gd draws', () => {
  /** |w_k - w*| after `steps` updates from w* + 1, simulated in floats. */
  function errorAfter(a: number, b: number, alpha: number, steps: number): number {
    const wStar = -b / (2 * a);
    let w = wStar + 1;
    for (let k = 0; k < steps; k++) w -= alpha * (2 * a * w + b);
    return Math.abs(w - wStar);
  }

  it('simulated descent converges inside the set, keeps its size on the oscillation points, diverges beyond, and alpha* lands in one step', () => {
    for (const seed of SEEDS) {
      const v = generateVariant(T.gd, seed);
      const p = v.params as { a: ExactNumber; b: ExactNumber };
      const a = num(p.a);
      const b = num(p.b);
      const answers = v.answers as { converge: IntervalSet; oscillate: IntervalSet; diverge: IntervalSet };
      const json = T.gd.answersToJson(v.answers) as { alphaStar: number };
      // Derived here, not read from the answer: the error factor 1 - 2 a alpha reaches -1 at alpha = 1/a.
      const upperExact = div(frac(1), exactScalar(p.a));
      const upper = toNumber(upperExact);
      for (const u of [0.1, 0.5, 0.9]) {
        expect(answers.converge.contains(u * upper), seed).toBe(true);
        expect(errorAfter(a, b, u * upper, 400), seed).toBeLessThan(1e-6);
      }
      expect(answers.oscillate.contains(upperExact) && answers.oscillate.contains(frac(0)), seed).toBe(true);
      expect(answers.converge.contains(upperExact) || answers.diverge.contains(upperExact), seed).toBe(false);
      close(errorAfter(a, b, upper, 51), 1, `${seed} oscillates at ${upper}`);
      expect(answers.diverge.contains(upper * 1.05), seed).toBe(true);
      expect(errorAfter(a, b, upper * 1.05, 200), seed).toBeGreaterThan(1e3);
      expect(answers.diverge.contains(-0.01), seed).toBe(true);
      expect(errorAfter(a, b, -0.01 * upper, 2000), seed).toBeGreaterThan(1);
      expect(errorAfter(a, b, json.alphaStar, 1), seed).toBeLessThan(1e-9);
    }
  });
});
