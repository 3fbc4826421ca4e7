import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnswerType } from '../core/answer-value.ts';
import { formatAnswerValue, parseAnswer } from './index.ts';

const echo = (input: string, type: AnswerType, choiceIds?: string[]): string => {
  const r = parseAnswer(input, type, choiceIds ? { choiceIds } : {});
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got: ${r.error}`);
  return r.echo;
};
const error = (input: string, type: AnswerType, choiceIds?: string[]): string => {
  const r = parseAnswer(input, type, choiceIds ? { choiceIds } : {});
  if (r.ok) throw new Error(`expected ${JSON.stringify(input)} to fail, read as ${r.echo}`);
  return r.error;
};

describe('numbers', () => {
  it.each([
    ['32', '32'],
    ['-8', '-8'],
    ['0.5', '1/2'],
    ['.5', '1/2'],
    ['-2.', '-2'],
    ['1e-3', '1/1000'],
    ['2.5E+4', '25000'],
    ['1/3', '1/3'],
    ['1/6', '1/6'],
    ['-8*-2', '16'],
    ['2^3', '8'],
    ['2^-1', '1/2'],
    ['-2^2', '-4'],
    ['2^3^2', '512'],
    ['sqrt(4/9)', '2/3'],
    ['sqrt(2)/2', '0.7071067811865476'],
    ['e^0', '1'],
    ['exp(0)', '1'],
    ['ln(1)', '0'],
    ['2pi', String(2 * Math.PI)],
    ['2(3)', '6'],
    ['2sqrt(4)', '4'],
    ['−3 × 2', '-6'],
    ['6 ÷ 4', '3/2'],
    ['  7  ', '7'],
    ['0.1 + 0.2', '3/10'],
    ['√9', '3'],
    ['σ(0)', '1/2'],
  ])('%s reads as %s', (input, expected) => {
    expect(echo(input, 'number')).toBe(expected);
  });

  it.each([
    ['', /Please enter an answer/],
    ['2x', /unknown name "x".*position 2/],
    ['1/0', /division by zero/],
    ['(1', /closing "\)"/],
    ['0,5', /decimal point/],
    ['[1, 2]', /single number/],
    ['inf', /infinity is not a number/],
    ['10^10^10', /too large/],
    ['sqrt(-1)', /not defined/],
    ['constructor', /unknown name/],
    ['__proto__', /Could not read/],
    ['process.exit()', /unknown name "process"/],
    ['((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))', /nested more than 50/],
  ])('%j is refused: %s', (input, message) => {
    expect(error(input, 'number')).toMatch(message);
  });
});

describe('vectors and matrices', () => {
  it.each([
    ['[1, -1]', 'vector', '[1, -1]'],
    ['[1 -1]', 'vector', '[1, -1]'],
    ['[1 - 1]', 'vector', '[0]'],
    ['(4, -4)', 'vector', '[4, -4]'],
    ['-7, 5', 'vector', '[-7, 5]'],
    ['[sqrt(2)/2, 1/2]', 'vector', '[0.7071067811865476, 1/2]'],
    ['[[1,-1],[1,1]]', 'matrix', '[[1, -1], [1, 1]]'],
    ['[1 -1; 1 1]', 'matrix', '[[1, -1], [1, 1]]'],
    ['[1, -1; 1, 1]', 'matrix', '[[1, -1], [1, 1]]'],
    ['1 -1; 1 1', 'matrix', '[[1, -1], [1, 1]]'],
    ['[[1, -1] [1, 1]]', 'matrix', '[[1, -1], [1, 1]]'],
  ] as const)('%s as %s reads as %s', (input, type, expected) => {
    expect(echo(input, type)).toBe(expected);
  });

  it('names the row that has the wrong length', () => {
    expect(error('[[1, 2], [3, 4, 5]]', 'matrix')).toMatch(/row 2 has 3 entries but row 1 has 2/);
    expect(error('[1, , 2]', 'vector')).toMatch(/entry is missing/);
  });
});

describe('interval sets', () => {
  it.each([
    ['(0, 1/3)', '(0, 1/3)'],
    ['{0, 1/3}', '{0, 1/3}'],
    ['(-inf, 0) U (1/3, inf)', '(-inf, 0) U (1/3, inf)'],
    ['(-∞, 0) ∪ (1/3, +∞)', '(-inf, 0) U (1/3, inf)'],
    ['(-infinity, 0) u (0.5, infinity)', '(-inf, 0) U (1/2, inf)'],
    ['[0, 1/3)', '[0, 1/3)'],
    [']0, 1/3[', '(0, 1/3)'],
    ['{}', '{}'],
    ['∅', '{}'],
    ['(-inf, 0) U {1}', '(-inf, 0) U {1}'],
    ['1/6', '{1/6}'],
    ['{1/3, 0}', '{0, 1/3}'],
    ['R', '(-inf, inf)'],
  ])('%s reads as %s', (input, expected) => {
    expect(echo(input, 'intervalSet')).toBe(expected);
  });

  it.each([
    ['(1, 0)', /lower end 1 is greater than upper end 0/],
    ['[-inf, 0)', /infinite end cannot be closed/],
    ['(0, inf]', /infinite end cannot be closed/],
    ['(0 1)', /","/],
    ['(0, 1) U', /expected a number/],
  ])('%s is refused: %s', (input, message) => {
    expect(error(input, 'intervalSet')).toMatch(message);
  });
});

describe('finite sets, choices and free text', () => {
  it('reads finite sets order-free and without repeats', () => {
    expect(echo('{1/3, 0, 0}', 'finiteSet')).toBe('{0, 1/3}');
    expect(echo('2, 1', 'finiteSet')).toBe('{1, 2}');
  });

  it('reads option letters', () => {
    expect(echo('B', 'choice', ['a', 'b', 'c'])).toBe('b');
    expect(echo('a, c', 'multiChoice', ['a', 'b', 'c'])).toBe('a, c');
    expect(echo('ac', 'multiChoice', ['a', 'b', 'c'])).toBe('a, c');
    expect(error('d', 'choice', ['a', 'b', 'c'])).toMatch(/"d" is not one of the options \(a, b, c\)/);
    expect(error('a b', 'choice', ['a', 'b', 'c'])).toMatch(/only one/);
  });

  it('keeps free text, within a length cap', () => {
    expect(echo('  because sum xhat = 0 ', 'freeText')).toBe('because sum xhat = 0');
    expect(error('x'.repeat(5001), 'freeText')).toMatch(/longer than 5000/);
  });
});

describe('properties', () => {
  const types: AnswerType[] = ['number', 'vector', 'matrix', 'intervalSet', 'finiteSet', 'choice', 'multiChoice', 'freeText'];

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.constantFrom(...types), (input, type) => {
        const r = parseAnswer(input, type, { choiceIds: ['a', 'b'] });
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[-+*/^()[\]{},;. 0-9einfpsqrtU∞∪]{0,40}$/), fc.constantFrom(...types), (input, type) => {
        expect(typeof parseAnswer(input, type).ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });

  const scalarText = fc.oneof(
    fc.integer({ min: -1000, max: 1000 }).map(String),
    fc.tuple(fc.integer({ min: -99, max: 99 }), fc.integer({ min: 1, max: 99 })).map(([n, d]) => `${n}/${d}`),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String),
  );

  it('reads its own echo back to the same value', () => {
    const roundTrip = (input: string, type: AnswerType) => {
      const first = parseAnswer(input, type);
      if (!first.ok) return;
      const again = parseAnswer(first.echo, type);
      expect(again.ok).toBe(true);
      if (again.ok) expect(formatAnswerValue(again.value)).toBe(first.echo);
    };
    fc.assert(fc.property(scalarText, (s) => roundTrip(s, 'number')), { numRuns: 500 });
    fc.assert(fc.property(fc.array(scalarText, { minLength: 1, maxLength: 5 }), (xs) => roundTrip(`[${xs.join(', ')}]`, 'vector')), { numRuns: 300 });
    fc.assert(
      fc.property(fc.array(fc.tuple(scalarText, scalarText), { minLength: 1, maxLength: 3 }), (pairs) =>
        roundTrip(pairs.map(([a, b]) => `(${a}, ${b})`).join(' U '), 'intervalSet'),
      ),
      { numRuns: 300 },
    );
  });
});
