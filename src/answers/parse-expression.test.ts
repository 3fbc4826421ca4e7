import { describe, expect, it } from 'vitest';
import { isExact } from '../core/scalar.ts';
import { parseExpression } from './index.ts';
import { echo, error, failure } from './parse.test-helpers.ts';

describe('numbers and arithmetic', () => {
  it.each([
    // The exam's answers.
    ['32', '32'],
    ['1/6', '1/6'],
    ['-8*-2', '16'],
    // Integers, decimals, scientific notation: decimals are exact, as typed.
    ['-8', '-8'],
    ['+4', '4'],
    ['0.5', '1/2'],
    ['.5', '1/2'],
    ['-2.', '-2'],
    ['0.1', '1/10'],
    ['0.1 + 0.2', '3/10'],
    ['1e-3', '1/1000'],
    ['2.5E+4', '25000'],
    ['1.5e2', '150'],
    ['12345678901234567890', '12345678901234567890'],
    ['1.5000000000000000000', '3/2'],
    // A float's printout (13+ significant digits) stays that float, so echoes read back as-is.
    ['0.7071067811865476', '0.7071067811865476'],
    ['2.23606797749979', '2.23606797749979'],
    ['0.123456789012', '30864197253/250000000000'],
    ['0.33333333333333333', '0.3333333333333333'],
    // Fractions and operators.
    ['1/3', '1/3'],
    ['6/4', '3/2'],
    ['1/2/2', '1/4'],
    ['2 * 3 + 4', '10'],
    ['2 + 3 * 4', '14'],
    ['(2 + 3) * 4', '20'],
    ['2 - 3 - 4', '-5'],
    ['2^3', '8'],
    ['2**3', '8'],
    ['2^-1', '1/2'],
    ['2^3^2', '512'],
    ['-2^2', '-4'],
    ['(-2)^2', '4'],
    ['--2', '2'],
    ['(2/3)^-2', '9/4'],
    ['2^1000', (2n ** 1000n).toString()],
    ['4^(1/2)', '2'],
    ['(9/4)^(-1/2)', '2/3'],
    ['8^(1/3)', '2'],
    // Functions and constants; exact where the value is rational.
    ['sqrt(4/9)', '2/3'],
    ['sqrt(2)/2', '0.7071067811865476'],
    ['√9', '3'],
    ['√2', String(Math.SQRT2)],
    ['e^0', '1'],
    ['exp(0)', '1'],
    ['exp(1)', String(Math.E)],
    ['e', String(Math.E)],
    ['E', String(Math.E)],
    ['ln(1)', '0'],
    ['ln(2)', String(Math.LN2)],
    ['log(2)', String(Math.LN2)],
    ['LOG(1)', '0'],
    ['pi', String(Math.PI)],
    ['π', String(Math.PI)],
    ['PI/2', String(Math.PI / 2)],
    ['abs(-3)', '3'],
    ['sin(0)', '0'],
    ['cos(0)', '1'],
    ['σ(0)', '1/2'],
    ['sigmoid(0)', '1/2'],
    // Implicit multiplication: number by constant, function or parenthesis.
    ['2pi', String(2 * Math.PI)],
    ['2π', String(2 * Math.PI)],
    ['2 pi', String(2 * Math.PI)],
    ['2sqrt(4)', '4'],
    ['2sqrt(2)', String(2 * Math.SQRT2)],
    ['2 sqrt(4)', '4'],
    ['2(3)', '6'],
    ['2 (3)', '6'],
    ['(2)(3)', '6'],
    ['2√4', '4'],
    ['1/2pi', String(Math.PI / 2)], // left to right, as documented: (1/2)·pi
    // Unicode operators.
    ['−3 × 2', '-6'],
    ['3·2', '6'],
    ['3⋅2', '6'],
    ['6 ÷ 4', '3/2'],
    ['1–2', '-1'],
    ['  7  ', '7'],
    ['\t7\n', '7'],
  ])('%s reads as %s', (input, expected) => {
    expect(echo(input, 'number')).toBe(expected);
  });

  it('keeps rationals exact and irrationals as floats', () => {
    const exact = parseExpression('sqrt(4/9) + 0.1');
    const float = parseExpression('sqrt(2)');
    expect(exact.ok && exact.value.kind === 'number' && isExact(exact.value.value)).toBe(true);
    expect(float.ok && float.value.kind === 'number' && !isExact(float.value.value)).toBe(true);
  });
});

describe('what cannot be read, and where', () => {
  it.each([
    ['2x', 'Could not read "2x" at position 2: unexpected "x"', 1],
    ['2α', 'Could not read "2α" at position 2: unexpected "α"', 1],
    ['1/6)', 'Could not read "1/6)" at position 4: unexpected ")"', 3],
    ['(1', 'Could not read "(1" at position 3: expected a closing ")" but the answer ends here', 2],
    ['1 +', 'Could not read "1 +" at position 4: expected a number but the answer ends here', 3],
    ['1/0', 'Could not read "1/0" at position 2: division by zero', 1],
    ['0^-1', 'Could not read "0^-1" at position 2: division by zero', 1],
    ['sqrt(-1)', 'Could not read "sqrt(-1)" at position 1: sqrt is not defined for -1', 0],
    ['ln(0)', 'Could not read "ln(0)" at position 1: ln is not defined for 0', 0],
    ['√(-4)', 'Could not read "√(-4)" at position 1: the square root of a negative number is not defined', 0],
    [
      '(-8)^(1/3)',
      'Could not read "(-8)^(1/3)" at position 5: a fractional power of a negative number is not defined',
      4,
    ],
    ['sqrt 2', 'Could not read "sqrt 2" at position 6: expected "(" after sqrt but found "2"', 5],
    ['inf', 'Could not read "inf" at position 1: infinity is not a number here', 0],
    ['∞', 'Could not read "∞" at position 1: infinity is not a number here', 0],
    ['1.2.3', 'Could not read "1.2.3" at position 4: unexpected "."', 3],
    ['💩', 'Could not read "💩" at position 1: expected a number but found "💩"', 0],
  ])('%j: %s', (input, message, position) => {
    expect(failure(input, 'number')).toEqual({ ok: false, error: message, position });
  });

  it('says what the input looks like when it reads as another kind of answer', () => {
    expect(failure('2 3', 'number')).toEqual({ ok: false, error: 'Expected a number but got a list of numbers' });
    expect(error('(0, 1/3)', 'number')).toBe('Expected a number but got an interval');
    expect(error('[1, 2]', 'number')).toBe('Expected a number but got a vector');
    expect(error('[[1, 2], [3, 4]]', 'number')).toBe('Expected a number but got a matrix');
    expect(error('{1}', 'number')).toBe('Expected a number but got a set');
  });

  it('suggests a decimal point for a lone decimal comma', () => {
    expect(failure('0,5', 'number')).toEqual({
      ok: false,
      error: 'Use a decimal point: write 0.5, not 0,5 (a comma separates entries)',
      position: 1,
    });
    expect(error(' -1,25 ', 'number')).toMatch(/write -1\.25, not -1,25/);
  });

  it('quotes only the neighbourhood of the failure in a long input', () => {
    const message = error(`${'1 + '.repeat(30)}x`, 'number');
    expect(message).toBe('Could not read "… + 1 + 1 + 1 + x" at position 121: unexpected "x"');
  });
});

describe('abuse', () => {
  it.each([
    ['constructor', /unknown name "constructor"/],
    ['__proto__', /position 1: expected a number but found "_"/],
    ['toString', /unknown name "toString"/],
    ['process.exit()', /unknown name "process"/],
    ['require("fs")', /unknown name "require"/],
    ['Function("return 1")()', /unknown name "Function"/],
    ['10^10^10', /too large/],
    ['9^9^9^9', /too large/],
    ['(10^1000)^1000', /too large/],
    ['((10^1000)^1000)^1000', /too large/],
    ['1e400000', /too large/],
    ['1e-400000', /too small/],
    ['exp(1000)', /too large/],
    [`${'('.repeat(60)}1${')'.repeat(60)}`, /nested more than 50 levels deep/],
    [`${'-'.repeat(60)}1`, /nested more than 50 levels deep/],
    [`${'2^'.repeat(60)}1`, /nested more than 50 levels deep/],
    [`${'sqrt('.repeat(60)}1${')'.repeat(60)}`, /nested more than 50 levels deep/],
  ])('%s is refused: %s', (input, message) => {
    expect(error(input, 'number')).toMatch(message);
  });

  it('refuses huge exact values quickly (they would otherwise take seconds of BigInt work)', () => {
    const started = performance.now();
    expect(error('((10^1000)^1000)^1000', 'number')).toMatch(/too large/);
    expect(echo(`(3/7)^1000*(3/7)^1000`, 'number')).toMatch(/\//);
    expect(error(Array.from({ length: 20 }, () => '(3/7)^1000').join('*'), 'number')).toMatch(/too small/);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('allows 50 levels of nesting', () => {
    expect(echo(`${'('.repeat(50)}1${')'.repeat(50)}`, 'number')).toBe('1');
  });
});
