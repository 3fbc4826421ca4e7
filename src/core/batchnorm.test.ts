/**
 * solveBatchNorm takes a small-rational fast path when it can; stored variants and answer keys
 * require it to give exactly what the plain Scalar solver gave, down to each Fraction's fields.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveBatchNorm, type BatchNormInput, type BatchNormResult } from './batchnorm.ts';
import { ONE, ZERO, add, compareScalar, div, frac, isZero, mul, neg, sqrtScalar, sub, toScalar } from './scalar.ts';
import type { Scalar } from './scalar.ts';

/** The solver as it was before the fast path: Scalars throughout. The oracle, kept verbatim. */
function scalarSolve({ x, gamma, beta, eps }: BatchNormInput): BatchNormResult {
  const m = x.length;
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
  if (isZero(denomSq) || compareScalar(denomSq, ZERO) < 0) throw new RangeError('degenerate');
  const std = sqrtScalar(denomSq);
  const scale = div(gamma, std);
  const perM = div(scale, mM);
  const diagonal = sub(scale, perM);
  const offDiagonal = neg(perM);
  const xhat = x.map((v) => div(sub(v, mean), std));
  const y = xhat.map((h) => add(mul(gamma, h), beta));
  const jacobian = xhat.map((h) => [ONE, h]);
  const jacobianX = xhat.map((hi, i) =>
    xhat.map((hj, j) => sub(i === j ? diagonal : offDiagonal, mul(mul(perM, hi), hj))),
  );
  return { m, mean, variance, unbiasedVariance, std, xhat, y, jacobian, jacobianX };
}

/** Every Scalar as its kind and fields in order, so equal values built differently still differ. */
function fields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fields);
  if (typeof value === 'number') return ['float', value];
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [k, typeof v === 'bigint' ? `${v}n` : fields(v)]);
    return typeof (value as { n?: unknown }).n === 'bigint' ? ['exact', entries] : Object.fromEntries(entries);
  }
  return value;
}

function expectSameAsScalarSolver(input: BatchNormInput): void {
  let expected: BatchNormResult;
  try {
    expected = scalarSolve(input);
  } catch {
    expect(() => solveBatchNorm(input)).toThrow(RangeError);
    return;
  }
  expect(fields(solveBatchNorm(input))).toEqual(fields(expected));
}

const params = (value: fc.Arbitrary<Scalar>) =>
  fc.record({
    x: fc.array(value, { minLength: 2, maxLength: 6 }),
    gamma: value,
    beta: value,
    eps: fc.constantFrom<Scalar>(ZERO, frac(1, 4), frac(9, 16), toScalar(0.01), ONE),
  });

describe('solveBatchNorm fast path', () => {
  it('matches the Scalar solver on exam-sized integers (mostly the fast path)', () => {
    fc.assert(fc.property(params(fc.integer({ min: -9, max: 9 }).map((n) => frac(n))), expectSameAsScalarSolver), {
      seed: 5,
      numRuns: 2000,
    });
  });

  it('matches it on rationals, decimals and huge parts (fast path, fallback, or both)', () => {
    const value = fc.oneof(
      fc.tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: 1, max: 60 })).map(([n, d]) => frac(n, d)),
      // Decimals as a person types them (12.345): toScalar makes them exact.
      fc.integer({ min: -100_000, max: 100_000 }).map((n) => toScalar(n / 1000)),
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map((n) => frac(n)),
      fc.integer({ min: 2 ** 26, max: 2 ** 30 }).map((n) => frac(n)),
    );
    fc.assert(fc.property(params(value), expectSameAsScalarSolver), { seed: 9, numRuns: 1000 });
  });

  it('matches it when floats are involved', () => {
    fc.assert(fc.property(params(fc.double({ min: -10, max: 10, noNaN: true })), expectSameAsScalarSolver), {
      seed: 13,
      numRuns: 300,
    });
  });

  it('keeps hand-solvable batches exact, with a symmetric input Jacobian', () => {
    const r = solveBatchNorm({ x: [8, 0, -6, 2].map((n) => frac(n)), gamma: frac(-1), beta: frac(5), eps: ZERO });
    expect(fields(r.std)).toEqual(fields(frac(5)));
    r.jacobianX.forEach((row, i) =>
      row.forEach((v, j) => expect(fields(v)).toEqual(fields((r.jacobianX[j] as Scalar[])[i]))),
    );
  });
});
