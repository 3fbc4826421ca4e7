import { describe, expect, it } from 'vitest';
import type { AnswerType } from '../core/answer-value.ts';
import { parseAnswer } from './index.ts';

/** How an input reads in Czech notation (decimal comma, ";" between entries), and in English. */
function read(input: string, type: AnswerType, decimalComma: boolean): string {
  const r = parseAnswer(input, type, decimalComma ? { decimalComma } : {});
  return r.ok ? r.echo : `error: ${r.error}`;
}
const cs = (input: string, type: AnswerType) => read(input, type, true);
const en = (input: string, type: AnswerType) => read(input, type, false);

describe('Czech number forms (decimal comma, ";" as list separator)', () => {
  it.each([
    ['1,75', '7/4'],
    ['-1,75', '-7/4'],
    ['−0,5', '-1/2'],
    ['0,125', '1/8'],
    ['2,5e-3', '1/400'],
    ['1,5*2', '3'],
    ['1/2,5', '2/5'],
    ['sqrt(6,25)', '5/2'],
    // A decimal point is read in Czech too.
    ['1.75', '7/4'],
  ])('the number %s reads as %s', (input, expected) => {
    expect(cs(input, 'number')).toBe(expected);
  });

  it.each([
    ['[1,5; -2]', '[3/2, -2]'],
    ['1,5; -2', '[3/2, -2]'],
    ['(0,25; 0,75)', '[1/4, 3/4]'],
    ['[1,5 -2; 3 4,25]', '[[3/2, -2], [3, 17/4]]'],
    // Without a ";" a comma separates entries, as in English: the same reading in both.
    ['[1, -1]', '[1, -1]'],
    ['[1,5]', '[1, 5]'],
    ['[1 -1]', '[1, -1]'],
  ])('the vector %s reads as %s', (input, expected) => {
    expect(cs(input, 'vector')).toBe(expected);
  });

  it.each([
    ['[1,5 -2; 3 4]', '[[3/2, -2], [3, 4]]'],
    ['[[1,5; -2]; [3; 4]]', '[[3/2, -2], [3, 4]]'],
    ['[1 -1; 1 1]', '[[1, -1], [1, 1]]'],
    ['[1, -1; 1, 1]', '[[1, -1], [1, 1]]'],
    ['[[1,-1],[1,1]]', '[[1, -1], [1, 1]]'],
  ])('the matrix %s reads as %s', (input, expected) => {
    expect(cs(input, 'matrix')).toBe(expected);
  });

  it.each([
    ['(0; 1,5]', '(0, 3/2]'],
    ['(0,5; 1) U {2,5}', '(1/2, 1) U {5/2}'],
    ['(-inf; 0) ∪ (0,25; inf)', '(-inf, 0) U (1/4, inf)'],
    ['{0; 0,5}', '{0, 1/2}'],
    ['(0, 1/3)', '(0, 1/3)'],
    ['(0,1/3)', '(0, 1/3)'],
    ['{0,1/3}', '{0, 1/3}'],
  ])('the interval set %s reads as %s', (input, expected) => {
    expect(cs(input, 'intervalSet')).toBe(expected);
  });

  it.each([
    ['{0; 2,5}', '{0, 5/2}'],
    ['0; 2,5', '{0, 5/2}'],
    ['{0, 1/3}', '{0, 1/3}'],
  ])('the finite set %s reads as %s', (input, expected) => {
    expect(cs(input, 'finiteSet')).toBe(expected);
  });

  it('English keeps "1,75" as two entries, and a lone one as a decimal-comma mistake', () => {
    expect(en('1,75', 'vector')).toBe('[1, 75]');
    expect(en('[1,75]', 'vector')).toBe('[1, 75]');
    expect(en('{1,75}', 'finiteSet')).toBe('{1, 75}');
    expect(en('1,75', 'number')).toBe('error: Use a decimal point: write 1.75, not 1,75 (a comma separates entries)');
    expect(en('[1,5; -2]', 'vector')).toBe('error: Row 2 has 1 entry but row 1 has 2');
    expect(en('(0; 0,5)', 'intervalSet')).toMatch(/^error: .*use a decimal point/);
    expect(en('{0; 1}', 'finiteSet')).toMatch(/^error: /);
  });

  it('a Czech comma that cannot be a decimal comma is still an error naming the place', () => {
    expect(cs('1,,5', 'number')).toMatch(/^error: Could not read "1,,5" at position 2/);
    expect(cs('(0,5; )', 'vector')).toMatch(/^error: /);
  });
});
