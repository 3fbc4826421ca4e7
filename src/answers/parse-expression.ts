import {
  add,
  div,
  frac,
  isExact,
  isZero,
  mul,
  neg,
  sigmoid,
  sqrtScalar,
  sub,
  toNumber,
  type Scalar,
} from '../core/scalar.ts';
import type { Cursor } from './cursor.ts';

/**
 * Arithmetic on what students type: recursive descent with one function per precedence level
 * (sum -> product -> unary -> power -> primary), reading straight from the Cursor and computing
 * as it goes. There is no eval and no name lookup outside the fixed tables below, so names like
 * "constructor" or "process" are simply unknown. Values stay exact rationals while they can.
 *
 * Precedence, loosest first:
 *   a + b, a - b
 *   a * b, a / b, a × b, a · b, a ÷ b, and implicit products "2pi", "2sqrt(2)", "2(3)", "2 pi"
 *     (left to right, so 1/2pi is (1/2)·pi)
 *   -a, +a          (so -2^2 = -4, as in maths)
 *   a ^ b, a ** b   (right-associative: 2^3^2 = 2^9; the exponent may carry a sign: 2^-1)
 *   numbers, (…), functions f(…), √a, constants pi π e
 *
 * Row rule (MATLAB's): inside a space-separated list ("[1 -1]", "{1 -1}"), a space, then a
 * sign, then no space starts a new entry; "1 - 1" and "1-1" subtract. Implicit products across a
 * space ("2 pi") only happen outside such lists, so "[2 (3)]" stays two entries.
 */
export function parseSum(c: Cursor): Scalar {
  let value = parseProduct(c);
  for (;;) {
    const before = c.pos;
    const spaced = c.skipSpace();
    const ch = c.peek();
    const minus = isMinus(ch);
    if (ch !== '+' && !minus) {
      c.pos = before;
      return value;
    }
    if (c.spaceSeparated && spaced && !c.isSpaceAt(c.pos + 1)) {
      c.pos = before;
      return value;
    }
    const at = c.pos;
    c.pos++;
    const rhs = parseProduct(c);
    value = capped(c, minus ? sub(value, rhs) : add(value, rhs), at);
  }
}

/** Hyphen, the real minus sign U+2212, and the en dash that word processors substitute. */
function isMinus(ch: string): boolean {
  return ch === '-' || ch === '−' || ch === '–';
}

// Plain comparisons rather than Sets: these run after every factor of every answer.
function isTimes(ch: string): boolean {
  return ch === '*' || ch === '×' || ch === '·' || ch === '⋅' || ch === '∗';
}

function isDivide(ch: string): boolean {
  return ch === '/' || ch === '÷' || ch === '∕';
}

function parseProduct(c: Cursor): Scalar {
  let value = parseUnary(c);
  for (;;) {
    const before = c.pos;
    const spaced = c.skipSpace();
    const ch = c.peek();
    const at = c.pos;
    if (isTimes(ch) || isDivide(ch)) {
      c.pos++;
      const rhs = parseUnary(c);
      if (isDivide(ch)) {
        if (isZero(rhs)) throw c.error('division by zero', at);
        value = div(value, rhs);
      } else value = mul(value, rhs);
      value = capped(c, value, at);
      continue;
    }
    if (startsImplicitFactor(c, spaced)) {
      value = capped(c, mul(value, parsePower(c)), at);
      continue;
    }
    c.pos = before;
    return value;
  }
}

/**
 * Whether what follows the cursor is the second factor of an implicit product. Never a digit:
 * "2 3" must not silently become 6, and in a row it is two entries. Without a space any letter
 * counts, so "2x" fails on the x with a clear message instead of at the end of the input.
 */
function startsImplicitFactor(c: Cursor, spaced: boolean): boolean {
  const ch = c.peek();
  if (ch === '(' || ch === '√' || ch === 'π') return !(spaced && c.spaceSeparated);
  if (ch === '' || !isLetter(ch)) return false;
  if (!spaced) return true;
  // Across a space only a known name ("2 pi", "3 sqrt(2)"): "1/6 U (0, 1)" and "1 or 2" must
  // leave the union word to the interval-set parser.
  return !c.spaceSeparated && isKnownName(readWord(c, c.pos));
}

function parseUnary(c: Cursor): Scalar {
  c.skipSpace();
  const ch = c.peek();
  if (ch === '+' || isMinus(ch)) {
    c.pos++;
    c.enter();
    const v = parseUnary(c);
    c.leave();
    return ch === '+' ? v : neg(v);
  }
  return parsePower(c);
}

function parsePower(c: Cursor): Scalar {
  const base = parsePrimary(c);
  const before = c.pos;
  c.skipSpace();
  const at = c.pos;
  if (!(c.eat('^') || c.eat('**'))) {
    c.pos = before;
    return base;
  }
  c.enter();
  const exponent = parseUnary(c); // right-associative, and 2^-1 works
  c.leave();
  return power(c, base, exponent, at);
}

/** Exact powers only up to this exponent: 2^1000 is exact, 10^10^10 is refused. */
const MAX_EXACT_EXPONENT = 1000;
/**
 * Exact numerators and denominators stay below 2^8192 (about 2466 digits, more than a 2000
 * character answer can spell out): beyond it BigInt arithmetic gets slow enough to be a denial
 * of service ((10^1000)^1000)^1000 took 27 s), so a larger value continues as a float.
 */
const MAX_EXACT_BITS = 8192;
const EXACT_LIMIT = 1n << BigInt(MAX_EXACT_BITS);

function power(c: Cursor, base: Scalar, exponent: Scalar, at: number): Scalar {
  if (isExact(exponent) && isZero(exponent)) return frac(1);
  if (isExact(base) && isExact(exponent)) {
    if (exponent.d === 1n) {
      if (isZero(base) && exponent.s < 0n) throw c.error('division by zero', at);
      const e = Number(exponent.s * exponent.n);
      const bits = Math.max(bitLength(base.n), bitLength(base.d));
      if (Math.abs(e) <= MAX_EXACT_EXPONENT && bits * Math.abs(e) <= MAX_EXACT_BITS) return base.pow(e);
      return capped(c, Math.pow(toNumber(base), e), at);
    }
    // x^(1/2), x^(3/2), x^(-1/2): exact when x is a perfect square, as sqrt(x) is.
    if (exponent.d === 2n) {
      if (base.s < 0n && !isZero(base)) throw c.error(`a fractional power of a negative number is not defined`, at);
      return power(c, sqrtScalar(base), exponent.mul(2), at);
    }
  }
  const x = Math.pow(toNumber(base), toNumber(exponent));
  if (Number.isNaN(x)) throw c.error('a fractional power of a negative number is not defined', at);
  return capped(c, x, at);
}

function bitLength(b: bigint): number {
  // Only on the rare exact-power path; hex digits bound the bit length closely enough.
  return b === 0n ? 0 : b.toString(16).length * 4;
}

/** Keeps exact values inside MAX_EXACT_BITS and floats finite; see MAX_EXACT_BITS for why. */
function capped(c: Cursor, v: Scalar, at: number): Scalar {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw c.error(Number.isNaN(v) ? 'the value is undefined' : 'the value is too large', at);
    return v;
  }
  if (v.n < EXACT_LIMIT && v.d < EXACT_LIMIT) return v;
  const x = toNumber(v);
  if (x === 0) throw c.error('the value is too small', at);
  return capped(c, x, at);
}

type Fn = (x: Scalar) => Scalar;
/** What a function's argument must satisfy, checked before calling it, so errors name the function. */
type Domain = 'any' | 'nonNegative' | 'positive';

// A Map, not an object literal: no prototype, so "constructor" or "__proto__" can never match.
const FUNCTIONS = new Map<string, { fn: Fn; domain: Domain }>([
  ['sqrt', { fn: sqrtScalar, domain: 'nonNegative' }],
  ['exp', { fn: (x) => (isExact(x) && isZero(x) ? frac(1) : Math.exp(toNumber(x))), domain: 'any' }],
  ['ln', { fn: naturalLog, domain: 'positive' }],
  // log is the natural logarithm, as in the course (and in numpy); log10 is not offered.
  ['log', { fn: naturalLog, domain: 'positive' }],
  ['abs', { fn: (x) => (toNumber(x) < 0 ? neg(x) : x), domain: 'any' }],
  ['sin', { fn: (x) => (isExact(x) && isZero(x) ? frac(0) : Math.sin(toNumber(x))), domain: 'any' }],
  ['cos', { fn: (x) => (isExact(x) && isZero(x) ? frac(1) : Math.cos(toNumber(x))), domain: 'any' }],
  ['tan', { fn: (x) => (isExact(x) && isZero(x) ? frac(0) : Math.tan(toNumber(x))), domain: 'any' }],
  ['sigmoid', { fn: sigmoid, domain: 'any' }],
  ['sigma', { fn: sigmoid, domain: 'any' }],
  ['σ', { fn: sigmoid, domain: 'any' }],
]);

function naturalLog(x: Scalar): Scalar {
  return isExact(x) && x.n === 1n && x.d === 1n && x.s > 0n ? frac(0) : Math.log(toNumber(x));
}

const CONSTANTS = new Map<string, Scalar>([
  ['pi', Math.PI],
  ['π', Math.PI],
  ['e', Math.E],
]);

const INFINITY_NAMES = new Set(['inf', 'infinity', 'infty']);

function isKnownName(word: string): boolean {
  const name = word.toLowerCase();
  return FUNCTIONS.has(name) || CONSTANTS.has(name);
}

// Sticky: matches at the cursor without copying the rest of the input. Any letters, so that
// "2α" is reported as an unexpected "α" rather than a missing number.
const WORD = /\p{L}+/uy;

function readWord(c: Cursor, at: number): string {
  WORD.lastIndex = at;
  return WORD.exec(c.text)?.[0] ?? '';
}

function isLetter(ch: string): boolean {
  const code = ch.charCodeAt(0);
  // ASCII letters without a regex (the common case), everything else by Unicode category.
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return true;
  return code > 127 && LETTER.test(ch);
}

const LETTER = /^\p{L}/u;

function parsePrimary(c: Cursor): Scalar {
  c.skipSpace();
  const start = c.pos;
  const ch = c.peek();
  if (ch === '.' || (ch >= '0' && ch <= '9')) return parseNumber(c);
  if (ch === '(') {
    c.pos++;
    c.enter();
    // Inside parentheses spaces are just spaces again: "[(1 - 1) 2]" has two entries.
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
    if (toNumber(v) < 0) throw c.error('the square root of a negative number is not defined', start);
    return sqrtScalar(v);
  }
  const word = readWord(c, start);
  if (word !== '') {
    const name = word.toLowerCase();
    const f = FUNCTIONS.get(name);
    if (f !== undefined) {
      c.pos += word.length;
      c.skipSpace();
      if (c.peek() !== '(') throw c.expected(`"(" after ${word}`);
      const arg = parsePrimary(c);
      const x = toNumber(arg);
      if ((f.domain === 'nonNegative' && x < 0) || (f.domain === 'positive' && x <= 0)) {
        throw c.error(`${word} is not defined for ${x}`, start);
      }
      return capped(c, f.fn(arg), start);
    }
    const constant = CONSTANTS.get(name);
    if (constant !== undefined) {
      c.pos += word.length;
      return constant;
    }
    if (INFINITY_NAMES.has(name)) throw c.error('infinity is not a number here', start);
    throw c.error(word.length === 1 ? `unexpected "${word}"` : `unknown name "${word}"`, start);
  }
  if (ch === '∞') throw c.error('infinity is not a number here', start);
  if (ch === ',' && c.peek(1) >= '0' && c.peek(1) <= '9')
    throw c.error('use a decimal point, e.g. 0.5 rather than 0,5');
  throw c.expected('a number');
}

// Sticky and linear: each part is a plain run of digits, so no input can make it backtrack.
const NUMBER = /(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?/y;
/** Czech notation: an integer part, a decimal comma and digits ("1,75", "2,5e-3"). */
const COMMA_NUMBER = /(\d+),(\d+)(?:[eE]([+-]?\d+))?/y;
/** Literal exponents beyond this go through a double (which then is too large, or 0). */
const MAX_LITERAL_EXPONENT = 400;

/** Decimals with more significant digits than this are read as floats (see parseNumber). */
const MAX_EXACT_DECIMAL_DIGITS = 12;

/** Digits without leading and trailing zeros: "0.500" has one, "120.5" four. */
function significantDigits(digits: string): number {
  let from = 0;
  let to = digits.length;
  while (from < to && digits.charCodeAt(from) === 48) from++;
  while (to > from && digits.charCodeAt(to - 1) === 48) to--;
  return to - from;
}

/**
 * Decimal text to an exact rational: 0.1 is 1/10, as typed, not the nearest binary double. Only
 * a float's printout (more than 12 significant digits after a point) stays a float.
 */
function parseNumber(c: Cursor): Scalar {
  const start = c.pos;
  let m: RegExpExecArray | null = null;
  if (c.decimalComma) {
    COMMA_NUMBER.lastIndex = c.pos;
    m = COMMA_NUMBER.exec(c.text);
  }
  const typedLength = m?.[0].length;
  if (m === null) {
    NUMBER.lastIndex = c.pos;
    m = NUMBER.exec(c.text);
  }
  const [matched = '', intPart = '', fracPart = '', expPart] = m ?? [];
  if (intPart === '' && fracPart === '') throw c.expected('a number');
  c.pos += matched.length;
  // The number as a double would print it (a decimal point), for the float paths below.
  const text =
    typedLength === undefined ? matched : `${intPart}.${fracPart}${expPart === undefined ? '' : `e${expPart}`}`;
  const exponent = Number(expPart ?? '0') - fracPart.length;
  const length = intPart.length + fracPart.length;
  // More than 12 significant digits with a point ("0.7071067811865476", "2.23606797749979") is
  // a float's printout, pasted or our own echo: read it back as that float, not as a 16-digit
  // fraction nobody meant. (Floats from sqrt, pi, exp print with 12 or fewer digits about once
  // in ten thousand; such an echo then reads back as the equal exact decimal.)
  const isFloatPrintout =
    length > MAX_EXACT_DECIMAL_DIGITS &&
    (fracPart !== '' || expPart !== undefined) &&
    significantDigits(intPart + fracPart) > MAX_EXACT_DECIMAL_DIGITS;
  if (isFloatPrintout || Math.abs(exponent) > MAX_LITERAL_EXPONENT) {
    const x = Number(text);
    if (x === 0 && /[1-9]/.test(intPart + fracPart)) throw c.error('the number is too small', start);
    return capped(c, x, start);
  }
  // Short decimals (nearly all answers) stay in doubles until the one Fraction is made.
  if (length <= 15 && exponent >= -15 && exponent <= 15) {
    const digits = Number(intPart + fracPart);
    const scaled = exponent >= 0 ? digits * 10 ** exponent : digits;
    if (Number.isSafeInteger(scaled)) return exponent >= 0 ? frac(scaled) : frac(scaled, 10 ** -exponent);
  }
  const digits = BigInt(intPart + fracPart || '0');
  return capped(
    c,
    exponent >= 0 ? frac(digits * 10n ** BigInt(exponent)) : frac(digits, 10n ** BigInt(-exponent)),
    start,
  );
}
