/** The worked exam (variant A) as fixtures, compared through the canonical printed forms. */
import { describe, expect, it } from 'vitest';
import { solveBatchNorm } from './batchnorm.ts';
import { solveGd } from './gd.ts';
import { solvePolicy } from './policy.ts';
import { solveRnn } from './rnn.ts';
import { formatScalar, isExact, toScalar } from './scalar.ts';
import type { Scalar } from './scalar.ts';

const f = (s: Scalar): string => {
  // The exam's answers are all rational: any float here would be a lost exactness bug.
  expect(isExact(s)).toBe(true);
  return formatScalar(s);
};
const v = (xs: readonly Scalar[]): string[] => xs.map(f);
const m = (rows: readonly (readonly Scalar[])[]): string[][] => rows.map(v);
const S = toScalar;

describe('exam variant A', () => {
  it('1. batch norm: x = [2, 4], gamma 6, beta -1, eps 0', () => {
    const r = solveBatchNorm({ x: [S(2), S(4)], gamma: S(6), beta: S(-1), eps: S(0) });
    expect(r.m).toBe(2);
    expect(f(r.mean)).toBe('3');
    expect(f(r.variance)).toBe('1');
    expect(f(r.unbiasedVariance)).toBe('2');
    expect(f(r.std)).toBe('1');
    expect(v(r.xhat)).toEqual(['-1', '1']);
    expect(v(r.y)).toEqual(['-7', '5']);
    expect(m(r.jacobian)).toEqual([
      ['1', '-1'],
      ['1', '1'],
    ]);
    // gamma/1 * (delta - 1/2 - xhat_i xhat_j / 2): [[6(1 - 1/2 - 1/2), 6(-1/2 + 1/2)], ...] = 0
    expect(m(r.jacobianX)).toEqual([
      ['0', '0'],
      ['0', '0'],
    ]);
  });

  it('1. batch norm with m = 3 stays exact when the variance is a square', () => {
    const r = solveBatchNorm({ x: [S(0), S(3), S(6)], gamma: S(1), beta: S(0), eps: S(0) });
    expect(f(r.variance)).toBe('6');
    expect(isExact(r.std)).toBe(false);
    const q = solveBatchNorm({ x: [S(-1), S(0), S(1), S(4)], gamma: S(2), beta: S(1), eps: S(0) });
    expect(f(q.variance)).toBe('7/2');
    const e = solveBatchNorm({ x: [S(1), S(2)], gamma: S(1), beta: S(0), eps: S(0.75) });
    expect(f(e.std)).toBe('1'); // 1/4 + 3/4
    expect(v(e.xhat)).toEqual(['-1/2', '1/2']);
  });

  it('1. batch norm rejects m < 2 and a zero or negative variance + eps', () => {
    expect(() => solveBatchNorm({ x: [S(1)], gamma: S(1), beta: S(0), eps: S(0) })).toThrow(RangeError);
    expect(() => solveBatchNorm({ x: [S(2), S(2)], gamma: S(1), beta: S(0), eps: S(0) })).toThrow(
      /give a variance of 0/,
    );
    expect(() => solveBatchNorm({ x: [S(2), S(2)], gamma: S(1), beta: S(0), eps: S(-1) })).toThrow(RangeError);
  });

  it('2. rnn: theta 2, z0 1, x [1, -1], y 0', () => {
    const r = solveRnn({ theta: S(2), z0: S(1), x: [S(1), S(-1)], y: S(0) });
    expect(v(r.z)).toEqual(['2', '-4']);
    expect(f(r.loss)).toBe('16');
    expect(f(r.dLdzT)).toBe('-8');
    expect(v(r.pathTerms)).toEqual(['16', '16']);
    expect(f(r.dLdtheta)).toBe('32');
    expect(v(r.dzTdz)).toEqual(['-2', '1']);
    expect(v(r.localGrads)).toEqual(['1', '-2']); // x_t z_{t-1}
    expect(f(r.dLdz0)).toBe('32');
    expect(() => solveRnn({ theta: S(2), z0: S(1), x: [], y: S(0) })).toThrow(RangeError);
  });

  it('3. policy: theta -1, x 1, bias 1, rewards [6, -2], action 1', () => {
    const r = solvePolicy({ theta: S(-1), x: S(1), bias: S(1), rewards: [S(6), S(-2)], action: 1 });
    expect(v(r.p)).toEqual(['1/2', '1/2']);
    expect(v(r.Q)).toEqual(['6', '-2']);
    expect(f(r.V)).toBe('2');
    expect(v(r.A)).toEqual(['4', '-4']);
    expect(f(r.gradLogPi)).toBe('1/2');
    expect(f(r.a2c)).toBe('2');
    const r2 = solvePolicy({ theta: S(-1), x: S(1), bias: S(1), rewards: [S(6), S(-2)], action: 2 });
    expect(f(r2.gradLogPi)).toBe('-1/2');
    expect(f(r2.a2c)).toBe('2');
  });

  it('3. policy with a non-zero logit gives floats', () => {
    const r = solvePolicy({ theta: S(1), x: S(1), bias: S(1), rewards: [S(1), S(0)], action: 1 });
    expect(isExact(r.p[0])).toBe(false);
    expect(r.p[0]).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
  });

  it('4. gd: f(w) = 3 w^2 - 1', () => {
    const r = solveGd({ a: S(3), b: S(0), c: S(-1) });
    expect(r.converge.toString()).toBe('(0, 1/3)');
    expect(r.oscillate.toString()).toBe('{0, 1/3}');
    expect(r.diverge.toString()).toBe('(-inf, 0) U (1/3, inf)');
    expect(f(r.alphaStar)).toBe('1/6');
    expect(f(r.alphaMax)).toBe('1/3');
    expect(f(r.wStar)).toBe('0');
    expect(f(r.fStar)).toBe('-1');
    expect(f(r.rateFactor(S(0.1)))).toBe('2/5'); // 1 - 6 * 1/10
    expect(() => solveGd({ a: S(0), b: S(0), c: S(0) })).toThrow(RangeError);
    expect(() => solveGd({ a: S(-1), b: S(0), c: S(0) })).toThrow(RangeError);
  });
});
