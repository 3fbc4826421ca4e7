import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../core/answer-value.ts';
import { IntervalSet } from '../core/interval-set.ts';
import { frac } from '../core/scalar.ts';
import { formatAnswerValue } from './index.ts';

describe('formatAnswerValue', () => {
  it.each<[string, AnswerValue]>([
    ['1/6', { kind: 'number', value: frac(1, 6) }],
    ['-4', { kind: 'number', value: frac(-4) }],
    ['0.7071067811865476', { kind: 'number', value: Math.SQRT1_2 }],
    ['[1, -1]', { kind: 'vector', values: [frac(1), frac(-1)] }],
    [
      '[[1, -1], [1, 1]]',
      {
        kind: 'matrix',
        rows: [
          [frac(1), frac(-1)],
          [frac(1), frac(1)],
        ],
      },
    ],
    ['(0, 1/3)', { kind: 'intervalSet', value: IntervalSet.interval(frac(0), frac(1, 3), false, false) }],
    ['{}', { kind: 'intervalSet', value: IntervalSet.empty() }],
    ['{0, 1/3}', { kind: 'finiteSet', values: [frac(1, 3), frac(0)] }],
    ['{}', { kind: 'finiteSet', values: [] }],
    ['a, c', { kind: 'choice', ids: ['a', 'c'] }],
    ['free text', { kind: 'text', text: 'free text' }],
  ])('prints %s', (expected, value) => {
    expect(formatAnswerValue(value)).toBe(expected);
  });

  it('does not reorder the finite set it prints', () => {
    const values = [frac(2), frac(1)];
    formatAnswerValue({ kind: 'finiteSet', values });
    expect(values).toEqual([frac(2), frac(1)]);
  });
});
