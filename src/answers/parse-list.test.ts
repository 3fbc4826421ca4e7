import { describe, expect, it } from 'vitest';
import type { AnswerType } from '../core/answer-value.ts';
import { echo, error, failure } from './parse.test-helpers.ts';

describe('vectors', () => {
  it.each([
    ['[1, -1]', '[1, -1]'],
    ['[1,-1]', '[1, -1]'],
    ['(1, -1)', '[1, -1]'],
    ['(4, -4)', '[4, -4]'],
    ['1, -1', '[1, -1]'],
    ['-7, 5', '[-7, 5]'],
    ['[sqrt(2)/2, 1/2]', '[0.7071067811865476, 1/2]'],
    ['[0.5, 1e-3, 2^-1]', '[1/2, 1/1000, 1/2]'],
    ['[7]', '[7]'],
    ['7', '[7]'],
    // The row rule (MATLAB's): space, sign, no space starts a new entry.
    ['[1 -1]', '[1, -1]'],
    ['[1 +1]', '[1, 1]'],
    ['[1 −1]', '[1, -1]'],
    ['[1 -pi]', `[1, ${-Math.PI}]`],
    ['1 -1', '[1, -1]'],
    ['[1 - 1]', '[0]'],
    ['[1-1]', '[0]'],
    ['[1 -  1]', '[0]'],
    ['[1 * -1]', '[-1]'],
    ['[2 (3)]', '[2, 3]'],
    ['[(1 -1) 2]', '[0, 2]'],
    ['[2pi 1]', `[${2 * Math.PI}, 1]`],
    ['[1, 2 3]', '[1, 2, 3]'],
  ])('%s reads as %s', (input, expected) => {
    expect(echo(input, 'vector')).toBe(expected);
  });

  it.each([
    ['[]', 'The vector is empty'],
    ['[1, , 2]', 'Could not read "[1, , 2]" at position 5: an entry is missing before ","'],
    ['[1, 2,]', 'Could not read "[1, 2,]" at position 7: an entry is missing after ","'],
    ['[1, 2', 'Could not read "[1, 2" at position 6: expected a closing "]" but the answer ends here'],
    ['[1, 2)', 'Expected a vector but got an interval'],
    ['{1, 2}', 'Expected a vector but got a set'],
    ['(-inf, 0)', 'Expected a vector but got an interval'],
  ])('%s is refused: %s', (input, message) => {
    expect(error(input, 'vector')).toBe(message);
  });
});

describe('matrices', () => {
  it.each([
    ['[[1,-1],[1,1]]', '[[1, -1], [1, 1]]'],
    ['[[1, -1], [1, 1]]', '[[1, -1], [1, 1]]'],
    ['[[1, -1] [1, 1]]', '[[1, -1], [1, 1]]'],
    ['[[1 -1]; [1 1]]', '[[1, -1], [1, 1]]'],
    ['[1 -1; 1 1]', '[[1, -1], [1, 1]]'],
    ['[1, -1; 1, 1]', '[[1, -1], [1, 1]]'],
    ['[1 -1; 1 1;]', '[[1, -1], [1, 1]]'],
    ['1 -1; 1 1', '[[1, -1], [1, 1]]'],
    ['[1 - 1, 2; 3, 4]', '[[0, 2], [3, 4]]'],
    ['[sqrt(2)/2 1/2; -1/2 sqrt(2)/2]', '[[0.7071067811865476, 1/2], [-1/2, 0.7071067811865476]]'],
    ['[1, 2]', '[[1, 2]]'],
    ['[[1], [2]]', '[[1], [2]]'],
  ])('%s reads as %s', (input, expected) => {
    expect(echo(input, 'matrix')).toBe(expected);
  });

  it('reads a matrix typed into a vector part as a matrix (the grader explains the shape)', () => {
    expect(echo('[1 2; 3 4]', 'vector')).toBe('[[1, 2], [3, 4]]');
    expect(echo('[[1], [2]]', 'vector')).toBe('[[1], [2]]');
  });

  it.each([
    ['[[1, 2], [3, 4, 5]]', 'Row 2 has 3 entries but row 1 has 2', 9],
    ['[1 2; 3]', 'Row 2 has 1 entry but row 1 has 2', 6],
    ['[1 2; 3 4; 5 6 7]', 'Row 3 has 3 entries but row 1 has 2', 11],
    ['[]', 'The matrix is empty', 0],
    [
      '[[1, 2], [3, 4]',
      'Could not read "[[1, 2], [3, 4]" at position 16: expected a closing "]" but the answer ends here',
      15,
    ],
  ])('%s is refused: %s', (input, message, position) => {
    expect(failure(input, 'matrix')).toEqual({ ok: false, error: message, position });
  });

  it('explains other kinds of answer', () => {
    const cases: [string, AnswerType, string][] = [
      ['{1, 2}', 'matrix', 'Expected a matrix but got a set'],
      ['(0, 1]', 'matrix', 'Expected a matrix but got an interval'],
    ];
    for (const [input, type, message] of cases) expect(error(input, type)).toBe(message);
  });
});
