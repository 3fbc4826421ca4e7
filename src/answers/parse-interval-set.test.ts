import { describe, expect, it } from 'vitest';
import { formatScalar } from '../core/scalar.ts';
import { parseAnswer } from './index.ts';
import { echo, error, failure } from './parse.test-helpers.ts';

describe('interval sets', () => {
  it.each([
    // The exam's answers.
    ['(0, 1/3)', '(0, 1/3)'],
    ['{0, 1/3}', '{0, 1/3}'],
    ['(-inf, 0) U (1/3, inf)', '(-inf, 0) U (1/3, inf)'],
    // Brackets, including the reversed (French/Czech) open brackets.
    ['[0, 1/3)', '[0, 1/3)'],
    ['(0, 1/3]', '(0, 1/3]'],
    ['[0, 1/3]', '[0, 1/3]'],
    [']0, 1/3[', '(0, 1/3)'],
    [']0, 1/3]', '(0, 1/3]'],
    ['[0, 1/3[', '[0, 1/3)'],
    ['(0; 1/3)', '(0, 1/3)'],
    ['( 0 , 0.5 )', '(0, 1/2)'],
    ['(sqrt(4)/4, 2^2)', '(1/2, 4)'],
    // Infinities and union words.
    ['(-∞, 0) ∪ (1/3, +∞)', '(-inf, 0) U (1/3, inf)'],
    ['(−∞, 0) ∪ (1/3, ∞)', '(-inf, 0) U (1/3, inf)'],
    ['(-infinity, 0) u (0.5, infinity)', '(-inf, 0) U (1/2, inf)'],
    ['(-Inf, 0) or (1/2, INF)', '(-inf, 0) U (1/2, inf)'],
    ['(- inf, 0)U(1, + inf)', '(-inf, 0) U (1, inf)'],
    ['(-inf, inf)', '(-inf, inf)'],
    ['R', '(-inf, inf)'],
    ['ℝ', '(-inf, inf)'],
    // Finite sets, empty sets, single numbers, mixed unions.
    ['{}', '{}'],
    ['{ }', '{}'],
    ['∅', '{}'],
    ['{1/3, 0}', '{0, 1/3}'],
    ['{0 1/3}', '{0, 1/3}'],
    ['{0, 0, 1/3}', '{0, 1/3}'],
    ['1/6', '{1/6}'],
    ['(-inf, 0) U {1}', '(-inf, 0) U {1}'],
    ['(0, 1) U 5', '(0, 1) U {5}'],
    ['5 U (0, 1)', '(0, 1) U {5}'],
    ['{0} U {1/3}', '{0, 1/3}'],
    // Unions are normalized: overlaps merge, order is increasing.
    ['(1, 2) U (0, 1]', '(0, 2)'],
    ['(0, 1) U (0.5, 2)', '(0, 2)'],
    ['(0, 0)', '{}'],
    ['[0, 0]', '{0}'],
  ])('%s reads as %s', (input, expected) => {
    expect(echo(input, 'intervalSet')).toBe(expected);
  });

  it.each([
    ['(1, 0)', 'The interval (1, 0) is empty: lower end 1 is greater than upper end 0', 0],
    ['[-inf, 0)', 'An infinite end cannot be closed: write "(-inf" rather than "[-inf" in [-inf, 0)', 0],
    ['(0, inf]', 'An infinite end cannot be closed: write "inf)" rather than "inf]" in (0, inf]', 7],
    ['(inf, 1)', 'The lower end of (inf, 1) cannot be inf', 0],
    ['(0, -inf)', 'The upper end of (0, -inf) cannot be -inf', 0],
    [
      '(0 1)',
      'Could not read "(0 1)" at position 4: expected "," between the two ends of the interval but found "1"',
      3,
    ],
    [
      '(0, 1',
      'Could not read "(0, 1" at position 6: expected ")" or "]" to close the interval but the answer ends here',
      5,
    ],
    [
      '(0, 1) U',
      'Could not read "(0, 1) U" at position 9: expected an interval, a set or a number but the answer ends here',
      8,
    ],
    ['(0, 1) (2, 3)', 'Could not read "(0, 1) (2, 3)" at position 8: unexpected "("', 7],
    ['{0, 1', 'Could not read "{0, 1" at position 6: expected a closing "}" but the answer ends here', 5],
    ['(0, x)', 'Could not read "(0, x)" at position 5: unexpected "x"', 4],
    ['(0; 0,5)', 'Could not read "(0; 0,5)" at position 6: use a decimal point, e.g. 0.5 rather than 0,5', 5],
  ])('%s is refused: %s', (input, message, position) => {
    expect(failure(input, 'intervalSet')).toEqual({ ok: false, error: message, position });
  });

  it('explains a list typed where an interval or a set was expected', () => {
    expect(error('0, 1/3', 'intervalSet')).toBe(
      'Expected an interval or a set but got a list of numbers: write (a, b) for an interval or {a, b} for a set',
    );
    expect(error('[1, 2, 3]', 'intervalSet')).toBe('Expected an interval or a set but got a vector');
  });
});

describe('finite sets', () => {
  it.each([
    ['{0, 1/3}', '{0, 1/3}'],
    ['{1/3, 0}', '{0, 1/3}'],
    ['{1/3, 0, 0}', '{0, 1/3}'],
    ['{0.5, 1/2, 2/4}', '{1/2}'],
    ['{1 -1}', '{-1, 1}'],
    ['2, 1', '{1, 2}'],
    ['2 1', '{1, 2}'],
    ['5', '{5}'],
    ['{}', '{}'],
    ['∅', '{}'],
  ])('%s reads as %s', (input, expected) => {
    expect(echo(input, 'finiteSet')).toBe(expected);
  });

  it('keeps the typed order in the value (the grader sorts), without repeats', () => {
    const r = parseAnswer('{3, 1, 3, 2, 1/1, 0.5, 1/2}', 'finiteSet');
    expect(r.ok && r.value.kind === 'finiteSet' && r.value.values.map(formatScalar)).toEqual(['3', '1', '2', '1/2']);
    expect(r.ok && r.echo).toBe('{1/2, 1, 2, 3}');
  });

  it.each([
    ['(0, 1)', 'Expected a set of numbers but got an interval'],
    ['{0, 1', 'Could not read "{0, 1" at position 6: expected a closing "}" but the answer ends here'],
  ])('%s is refused: %s', (input, message) => {
    expect(error(input, 'finiteSet')).toBe(message);
  });
});
