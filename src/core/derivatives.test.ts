/** Every derivative the solvers report, checked against central finite differences. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveBatchNorm } from './batchnorm.ts';
import { centralDiff, expectDerivative } from './fd.test-helpers.ts';
import { solvePolicy } from './policy.ts';
import { solveRnn } from './rnn.ts';
import { isExact, isZero, toNumber, toScalar, add } from './scalar.ts';
import type { Scalar } from './scalar.ts';

const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const opts = { seed: 1234, numRuns: 150 };
const num = toNumber;

describe('batch norm derivatives', () => {
  // Spread values keep variance + eps away from 0, where FD of 1/sqrt is ill-conditioned.
  const input = fc
    .record({
      x: fc.array(real(-5, 5), { minLength: 2, maxLength: 6 }),
      gamma: real(-4, 4),
      beta: real(-4, 4),
      eps: fc.oneof(fc.constant(0), real(0, 1)),
    })
    .filter(({ x, eps }) => {
      const mu = x.reduce((s, v) => s + v, 0) / x.length;
      return x.reduce((s, v) => s + (v - mu) ** 2, 0) / x.length + eps > 0.05;
    });

  it('jacobian matches FD in beta and gamma; jacobianX matches FD in each x_j', () => {
    fc.assert(
      fc.property(input, ({ x, gamma, beta, eps }) => {
        const r = solveBatchNorm({ x, gamma, beta, eps });
        const y = (over: Partial<{ x: number[]; gamma: number; beta: number }>) =>
          solveBatchNorm({ x: over.x ?? x, gamma: over.gamma ?? gamma, beta: over.beta ?? beta, eps }).y.map(num);
        const scale = Math.max(...r.y.map((v) => Math.abs(num(v))));
        r.y.forEach((_, i) => {
          const row = r.jacobian[i] as Scalar[];
          expectDerivative(
            row[0] as Scalar,
            centralDiff((b) => y({ beta: b })[i] as number, beta),
            scale,
          );
          expectDerivative(
            row[1] as Scalar,
            centralDiff((g) => y({ gamma: g })[i] as number, gamma),
            scale,
          );
          x.forEach((xj, j) => {
            const fd = centralDiff((t) => y({ x: x.map((v, k) => (k === j ? t : v)) })[i] as number, xj);
            expectDerivative((r.jacobianX[i] as Scalar[])[j] as Scalar, fd, scale);
          });
        });
      }),
      opts,
    );
  });

  it('sum xhat = 0 and mean xhat^2 = var / (var + eps)', () => {
    fc.assert(
      fc.property(input, ({ x, gamma, beta, eps }) => {
        const r = solveBatchNorm({ x, gamma, beta, eps });
        const xh = r.xhat.map(num);
        const m = xh.length;
        expect(Math.abs(xh.reduce((s, v) => s + v, 0))).toBeLessThan(1e-12 * m * Math.max(1, ...xh.map(Math.abs)));
        const v = num(r.variance);
        expect(xh.reduce((s, t) => s + t * t, 0) / m).toBeCloseTo(v / (v + eps), 12);
      }),
      opts,
    );
  });

  it('sum xhat is exactly 0 for exact inputs whenever the normaliser is exact', () => {
    const exactInput = fc.record({
      x: fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 2, maxLength: 5 }),
      eps: fc.constantFrom(0, 0.25, 1),
    });
    fc.assert(
      fc.property(exactInput, ({ x, eps }) => {
        if (new Set(x).size === 1 && eps === 0) return;
        const r = solveBatchNorm({ x: x.map(toScalar), gamma: toScalar(2), beta: toScalar(1), eps: toScalar(eps) });
        if (!isExact(r.std)) return;
        expect(r.xhat.every(isExact)).toBe(true);
        expect(isZero(r.xhat.reduce<Scalar>((s, v) => add(s, v), toScalar(0)))).toBe(true);
      }),
      opts,
    );
  });
});

describe('rnn derivatives', () => {
  const input = fc.record({
    theta: real(-1.5, 1.5),
    z0: real(-2, 2),
    x: fc.array(real(-1.5, 1.5), { minLength: 1, maxLength: 5 }),
    y: real(-2, 2),
  });

  /** The same network with a separate theta per step, so each path term is a plain partial. */
  function lossPerStep(thetas: readonly number[], z0: number, x: readonly number[], y: number): number {
    let z = z0;
    x.forEach((xt, t) => {
      z = (thetas[t] as number) * xt * z;
    });
    return (z - y) ** 2;
  }

  it('dLdzT, dLdtheta, every path term, dzTdz and dLdz0 match FD', () => {
    fc.assert(
      fc.property(input, ({ theta, z0, x, y }) => {
        const r = solveRnn({ theta, z0, x, y });
        const loss = (p: Partial<{ theta: number; z0: number; y: number }>) =>
          num(solveRnn({ theta: p.theta ?? theta, z0: p.z0 ?? z0, x, y: p.y ?? y }).loss);
        const scale = num(r.loss) + 1;
        // L depends on z_T and y only through z_T - y, so dL/dz_T = -dL/dy.
        expectDerivative(r.dLdzT, -centralDiff((t) => loss({ y: t }), y), scale);
        expectDerivative(
          r.dLdtheta,
          centralDiff((t) => loss({ theta: t }), theta),
          scale,
        );
        expectDerivative(
          r.dLdz0,
          centralDiff((t) => loss({ z0: t }), z0),
          scale,
        );
        const thetas = x.map(() => theta);
        let sum = 0;
        r.pathTerms.forEach((term, t) => {
          sum += num(term);
          const fd = centralDiff(
            (s) =>
              lossPerStep(
                thetas.map((v, k) => (k === t ? s : v)),
                z0,
                x,
                y,
              ),
            theta,
          );
          expectDerivative(term, fd, scale);
        });
        expect(sum).toBeCloseTo(num(r.dLdtheta), 10);
        // dz_T/dz_t: restart the recurrence from a perturbed z_t.
        r.dzTdz.forEach((factor, t) => {
          const zT = (zt: number) => x.slice(t + 1).reduce((z, xs) => theta * xs * z, zt);
          expectDerivative(factor, centralDiff(zT, num(r.z[t] as Scalar)));
        });
      }),
      opts,
    );
  });
});

describe('policy derivatives', () => {
  const input = fc.record({
    theta: real(-3, 3),
    x: real(-3, 3),
    bias: real(-2, 2),
    rewards: fc.tuple(real(-10, 10), real(-10, 10)),
    action: fc.constantFrom<1 | 2>(1, 2),
  });

  it('gradLogPi matches FD of log pi(action|x); a2c = gradLogPi * A[action]; V and A are consistent', () => {
    fc.assert(
      fc.property(input, (inp) => {
        const r = solvePolicy(inp);
        const logPi = (th: number, a: 1 | 2) =>
          Math.log(num(solvePolicy({ ...inp, theta: th, action: a }).p[a - 1] as Scalar));
        expectDerivative(
          r.gradLogPi,
          centralDiff((t) => logPi(t, inp.action), inp.theta),
        );
        expectDerivative(
          r.gradLogPiByAction[0],
          centralDiff((t) => logPi(t, 1), inp.theta),
        );
        expectDerivative(
          r.gradLogPiByAction[1],
          centralDiff((t) => logPi(t, 2), inp.theta),
        );
        expect(num(r.a2c)).toBeCloseTo(num(r.gradLogPi) * num(r.A[inp.action - 1] as Scalar), 12);
        expect(num(r.p[0]) + num(r.p[1])).toBeCloseTo(1, 14);
        // E_pi[A] = 0: the advantage is centred on V.
        expect(num(r.p[0]) * num(r.A[0]) + num(r.p[1]) * num(r.A[1])).toBeCloseTo(0, 10);
        // E_pi[grad log pi] = 0: the score function has zero mean.
        expect(num(r.p[0]) * num(r.gradLogPiByAction[0]) + num(r.p[1]) * num(r.gradLogPiByAction[1])).toBeCloseTo(
          0,
          12,
        );
      }),
      opts,
    );
  });
});
