import Fraction from 'fraction.js';
import { add, div, isExact, isZero, mul, neg, sqrtScalar, sub, toNumber, frac, type Scalar } from '../core/scalar.ts';
import type { Cursor } from './cursor.ts';

/**
 * Arithmetic on what students type, one function per precedence level (recursive descent, no
 * eval): sum -> product -> unary -> power -> primary. Values stay exact rationals while they can.
 */
export function parseSum(c: Cursor): Scalar {
  let value = parseProduct(c);
  for (;;) {
    const before = c.pos;
    const spaced = c.skipSpace();
    const ch = c.peek();
    if (ch !== '+' && ch !== '-' && ch !== '−') {
      c.pos = before;
      return value;
    }
    // In a space-separated row, " -1" starts a new entry while " - 1" subtracts.
    if (c.spaceSeparated && spaced && !/\s/.test(c.peek(1))) {
      c.pos = before;
      return value;
    }
    c.pos++;
    const rhs = parseProduct(c);
    value = ch === '+' ? add(value, rhs) : sub(value, rhs);
  }
}

const TIMES = new Set(['*', '×', '·', '⋅']);
const DIVIDE = new Set(['/', '÷']);

function parseProduct(c: Cursor): Scalar {
  let value = parseUnary(c);
  for (;;) {
    const before = c.pos;
    c.skipSpace();
    const ch = c.peek();
    if (TIMES.has(ch) || DIVIDE.has(ch)) {
      c.pos++;
      const rhs = parseUnary(c);
      if (DIVIDE.has(ch)) {
        if (isZero(rhs)) throw c.error('division by zero', before);
        value = div(value, rhs);
      } else value = mul(value, rhs);
      continue;
    }
    // Implicit multiplication only without a space ("2pi", "2sqrt(2)", "2(3)"), so that a
    // space-separated row "1 2" stays two entries.
    c.pos = before;
    const next = c.peek();
    if (startsPrimary(next) && !(next === '.' || (next >= '0' && next <= '9'))) {
      value = mul(value, parsePower(c));
      continue;
    }
    return value;
  }
}

const PRIMARY_START = /[0-9.(a-zA-Zπ√]/;

function startsPrimary(ch: string): boolean {
  return ch !== '' && PRIMARY_START.test(ch);
}

function parseUnary(c: Cursor): Scalar {
  c.skipSpace();
  const ch = c.peek();
  if (ch === '-' || ch === '−' || ch === '+') {
    c.pos++;
    c.enter();
    const v = parseUnary(c);
    c.leave();
    return ch === '+' ? v : neg(v);
  }
  return parsePower(c);
}

const MAX_EXACT_EXPONENT = 1000;

function parsePower(c: Cursor): Scalar {
  const base = parsePrimary(c);
  const before = c.pos;
  c.skipSpace();
  if (!(c.eat('^') || c.eat('**'))) {
    c.pos = before;
    return base;
  }
  c.enter();
  const exponent = parseUnary(c); // right-associative: 2^3^2 = 2^9, and 2^-1 works
  c.leave();
  return power(c, base, exponent, before);
}

function power(c: Cursor, base: Scalar, exponent: Scalar, at: number): Scalar {
  if (isExact(exponent) && isZero(exponent)) return frac(1);
  if (isExact(base) && isExact(exponent) && exponent.d === 1n) {
    const e = Number(exponent.s * exponent.n);
    if (Math.abs(e) > MAX_EXACT_EXPONENT) return checkedFloat(c, Math.pow(toNumber(base), e), at);
    if (isZero(base) && e < 0) throw c.error('division by zero', at);
    return (base as Fraction).pow(e);
  }
  if (isExact(base) && isExact(exponent) && exponent.equals(new Fraction(1, 2))) return sqrtScalar(base);
  return checkedFloat(c, Math.pow(toNumber(base), toNumber(exponent)), at);
}

function checkedFloat(c: Cursor, x: number, at: number): number {
  if (!Number.isFinite(x)) throw c.error('the value is too large or undefined', at);
  return x;
}

type Fn = (x: Scalar) => Scalar;
const FUNCTIONS: Record<string, Fn> = {
  sqrt: (x) => sqrtScalar(x),
  exp: (x) => (isExact(x) && isZero(x) ? frac(1) : Math.exp(toNumber(x))),
  ln: (x) => (isExact(x) && x.equals(1) ? frac(0) : Math.log(toNumber(x))),
  log: (x) => (isExact(x) && x.equals(1) ? frac(0) : Math.log(toNumber(x))),
  abs: (x) => (toNumber(x) < 0 ? neg(x) : x),
  sin: (x) => (isExact(x) && isZero(x) ? frac(0) : Math.sin(toNumber(x))),
  cos: (x) => (isExact(x) && isZero(x) ? frac(1) : Math.cos(toNumber(x))),
  tan: (x) => (isExact(x) && isZero(x) ? frac(0) : Math.tan(toNumber(x))),
  sigmoid: (x) => (isExact(x) && isZero(x) ? frac(1, 2) : 1 / (1 + Math.exp(-toNumber(x)))),
};
FUNCTIONS.σ = FUNCTIONS.sigmoid as Fn;
FUNCTIONS.sigma = FUNCTIONS.sigmoid as Fn;

const WORD = /[a-zA-Zπσ]+/y;

const CONSTANTS: Record<string, number> = { pi: Math.PI, π: Math.PI, e: Math.E };

function parsePrimary(c: Cursor): Scalar {
  c.skipSpace();
  const start = c.pos;
  const ch = c.peek();
  if (ch === '.' || (ch >= '0' && ch <= '9')) return parseNumber(c);
  if (ch === '(') {
    c.pos++;
    c.enter();
    const saved = c.spaceSeparated;
    c.spaceSeparated = false;
    const v = parseSum(c);
    c.spaceSeparated = saved;
    c.expect(')', 'a closing ")"');
    c.leave();
    return v;
  }
  if (ch === '√') {
    c.pos++;
    c.enter();
    const v = parsePower(c);
    c.leave();
    if (toNumber(v) < 0) throw c.error('square root of a negative number', start);
    return sqrtScalar(v);
  }
  WORD.lastIndex = c.pos;
  const word = WORD.exec(c.text)?.[0];
  if (word) {
    const name = word.toLowerCase();
    if (Object.hasOwn(FUNCTIONS, name)) {
      c.pos += word.length;
      c.skipSpace();
      if (c.peek() !== '(') throw c.error(`expected "(" after ${word}`);
      const arg = parsePrimary(c);
      if ((name === 'sqrt' || name === 'ln' || name === 'log') && toNumber(arg) < (name === 'sqrt' ? 0 : Number.MIN_VALUE)) {
        throw c.error(`${word} is not defined for ${toNumber(arg)}`, start);
      }
      return checkedScalar(c, (FUNCTIONS[name] as Fn)(arg), start);
    }
    if (Object.hasOwn(CONSTANTS, name)) {
      c.pos += word.length;
      return CONSTANTS[name] as number;
    }
    if (name === 'inf' || name === 'infinity' || name === 'infty') throw c.error('infinity is not a number here', start);
    throw c.error(`unknown name "${word}"`, start);
  }
  if (ch === '∞') throw c.error('infinity is not a number here', start);
  if (ch === ',' && /[0-9]/.test(c.peek(1))) throw c.error('use a decimal point, e.g. 0.5 rather than 0,5');
  throw c.error('expected a number');
}

function checkedScalar(c: Cursor, v: Scalar, at: number): Scalar {
  return isExact(v) ? v : checkedFloat(c, v, at);
}

// Sticky, so it matches at the cursor without copying the rest of the input.
const NUMBER = /(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?/y;

/** Decimal text to an exact rational: 0.1 is 1/10, as typed, not the nearest binary double. */
function parseNumber(c: Cursor): Scalar {
  const start = c.pos;
  NUMBER.lastIndex = c.pos;
  const m = NUMBER.exec(c.text);
  const [text = '', intPart = '', fracPart = '', expPart] = m ?? [];
  if (intPart === '' && fracPart === '') throw c.error('expected a number');
  c.pos += text.length;
  const exponent = Number(expPart ?? '0') - fracPart.length;
  // Short decimals (nearly all answers) stay in doubles until the one Fraction is made.
  if (intPart.length + fracPart.length <= 15 && exponent >= -15 && exponent <= 15) {
    const digits = Number(intPart + fracPart);
    const scaled = exponent >= 0 ? digits * 10 ** exponent : digits;
    if (Number.isSafeInteger(scaled)) return exponent >= 0 ? frac(scaled) : frac(scaled, 10 ** -exponent);
  }
  if (Math.abs(exponent) > 400) return checkedFloat(c, Number(text), start);
  const digits = BigInt((intPart + fracPart).replace(/^0+(?=\d)/, '') || '0');
  return exponent >= 0 ? frac(digits * 10n ** BigInt(exponent)) : frac(digits, 10n ** BigInt(-exponent));
}
