import { describe, expect, it } from 'vitest';
import { IntervalSet } from '../core/interval-set.ts';
import { frac } from '../core/scalar.ts';
import { answerIdentity } from './answer-identity.ts';
import { matrixValue, numberValue, vectorValue } from './values.ts';

describe('answerIdentity', () => {
  it('counts a permuted vector and a Jacobian with shuffled rows once', () => {
    const xhat = [frac(-7, 5), frac(-1, 5), frac(1, 5), frac(7, 5)];
    const shuffled = [xhat[2], xhat[0], xhat[3], xhat[1]].map((v) => v as ReturnType<typeof frac>);
    expect(answerIdentity(vectorValue(shuffled))).toBe(answerIdentity(vectorValue(xhat)));
    const rows = xhat.map((v) => [frac(1), v]);
    expect(answerIdentity(matrixValue([...rows].reverse()))).toBe(answerIdentity(matrixValue(rows)));
  });

  it('tells apart values that differ, also when only a column is swapped', () => {
    expect(answerIdentity(vectorValue([frac(1), frac(2)]))).not.toBe(answerIdentity(vectorValue([frac(1), frac(3)])));
    expect(answerIdentity(matrixValue([[frac(1), frac(2)]]))).not.toBe(
      answerIdentity(matrixValue([[frac(2), frac(1)]])),
    );
    expect(answerIdentity(numberValue(frac(1, 3)))).not.toBe(answerIdentity(numberValue(frac(1, 4))));
  });

  it('reads floats that agree to 12 digits as one answer, exact values in lowest terms', () => {
    expect(answerIdentity(numberValue(0.1 + 0.2))).toBe(answerIdentity(numberValue(0.3)));
    expect(answerIdentity(numberValue(frac(2, 4)))).toBe('1/2');
    expect(
      answerIdentity({ kind: 'intervalSet', value: IntervalSet.interval(frac(0), frac(1, 3), false, false) }),
    ).toBe('(0, 1/3)');
  });
});
