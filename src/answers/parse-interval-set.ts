import { IntervalSet } from '../core/interval-set.ts';
import { compareScalar, formatScalar, type Scalar } from '../core/scalar.ts';
import type { Cursor } from './cursor.ts';
import { parseEntries } from './parse-list.ts';
import { parseSum } from './parse-expression.ts';

/**
 * Interval sets as students write them:
 *   (a, b)  [a, b)  (a, b]  [a, b]     ends are full expressions, or ±inf, ±∞, ±infinity
 *   ]a, b[  ]a, b]  [a, b[             reversed brackets for open ends (French/Czech notation)
 *   (a; b)                             ";" between the ends, as Czech students also write
 *   (0; 1,5]  {0; 2,5}                 decimal commas in Czech notation (see readStructured)
 *   {a, b}  {}  ∅                      finite sets
 *   R  ℝ                               the whole real line
 *   x                                  a bare number: the one-point set {x}
 * joined by U, u, ∪ or "or". The echo is always canonical: "(-inf, 0) U (1/3, inf)".
 */
export function parseIntervalSet(c: Cursor): IntervalSet {
  const pieces = [parsePiece(c)];
  while (eatUnion(c)) pieces.push(parsePiece(c));
  return IntervalSet.union(pieces);
}

/** {a, b}, {a b} or a bare a, b: a finite set of numbers (possibly with repeats). */
export function parseFiniteSet(c: Cursor): Scalar[] {
  c.skipSpace();
  if (c.eat('∅')) return [];
  if (c.eat('{')) {
    const values = parseEntries(c, '}', c.decimalComma);
    c.expect('}', 'a closing "}"');
    return values;
  }
  return parseEntries(c, null, c.decimalComma);
}

// Sticky, so they match at the cursor without copying the rest of the input; no nested
// quantifiers, so no input can make them backtrack.
const UNION = /\s*(?:∪|U|u|or|OR|Or)(?![\p{L}])/uy;
const INFINITY = /([+\-−–]?)\s*(?:∞|infinity|infty|inf)(?![\p{L}])/iuy;

function mayStartInfinity(ch: string): boolean {
  return ch === '-' || ch === '+' || ch === 'i' || ch === 'I' || ch === '∞' || ch === '−' || ch === '–';
}

function eatUnion(c: Cursor): boolean {
  UNION.lastIndex = c.pos;
  const m = UNION.exec(c.text);
  if (m === null) return false;
  c.pos += m[0].length;
  return true;
}

/** An interval end: a number, or ±inf / ±∞. */
function parseBound(c: Cursor): Scalar {
  c.skipSpace();
  // Most ends are plain numbers: only run the regex when the next character could start "inf".
  if (!mayStartInfinity(c.peek())) return parseSum(c);
  INFINITY.lastIndex = c.pos;
  const m = INFINITY.exec(c.text);
  if (m !== null) {
    c.pos += m[0].length;
    const sign = m[1] ?? '';
    return sign === '' || sign === '+' ? Infinity : -Infinity;
  }
  return parseSum(c);
}

function parsePiece(c: Cursor): IntervalSet {
  c.skipSpace();
  const start = c.pos;
  const ch = c.peek();
  if (ch === '∅') {
    c.pos++;
    return IntervalSet.empty();
  }
  if (ch === '{') {
    c.pos++;
    const values = parseEntries(c, '}', c.decimalComma);
    c.expect('}', 'a closing "}"');
    return IntervalSet.points(values);
  }
  if (ch === 'ℝ' || ((ch === 'R' || ch === 'r') && !/\p{L}/u.test(c.peek(1)))) {
    c.pos++;
    return IntervalSet.real();
  }
  if (ch === '(' || ch === '[' || ch === ']') return parseInterval(c, start);
  if (ch === '') throw c.expected('an interval, a set or a number');
  // A bare number is the one-point set {x}.
  return IntervalSet.point(parseSum(c));
}

function parseInterval(c: Cursor, start: number): IntervalSet {
  const open = c.peek();
  c.pos++;
  const loClosed = open === '[';
  const lo = parseBound(c);
  c.skipSpace();
  if (!(c.eat(',') || c.eat(';'))) throw c.expected('"," between the two ends of the interval');
  const hi = parseBound(c);
  c.skipSpace();
  const close = c.peek();
  // "(0; 0,5)": with ";" between the ends, a comma can only be a decimal comma.
  if (close === ',' && c.peek(1) >= '0' && c.peek(1) <= '9')
    throw c.error('use a decimal point, e.g. 0.5 rather than 0,5');
  if (close !== ')' && close !== ']' && close !== '[') throw c.expected('")" or "]" to close the interval');
  c.pos++;
  const hiClosed = close === ']';
  if (lo === -Infinity && loClosed)
    throw c.sentence(
      `An infinite end cannot be closed: write "(-inf" rather than "[-inf" in ${typedSince(c, start)}`,
      start,
    );
  if (hi === Infinity && hiClosed)
    throw c.sentence(
      `An infinite end cannot be closed: write "inf)" rather than "inf]" in ${typedSince(c, start)}`,
      c.pos - 1,
    );
  if (lo === Infinity) throw c.sentence(`The lower end of ${typedSince(c, start)} cannot be inf`, start);
  if (hi === -Infinity) throw c.sentence(`The upper end of ${typedSince(c, start)} cannot be -inf`, start);
  if (compareScalar(lo, hi) > 0) {
    throw c.sentence(
      `The interval ${typedSince(c, start)} is empty: lower end ${show(lo)} is greater than upper end ${show(hi)}`,
      start,
    );
  }
  return IntervalSet.interval(lo, hi, loClosed, hiClosed);
}

/** The interval as typed, for a message (sliced only when one is needed). */
function typedSince(c: Cursor, start: number): string {
  return c.text.slice(start, c.pos);
}

function show(s: Scalar): string {
  return s === Infinity ? 'inf' : s === -Infinity ? '-inf' : formatScalar(s);
}
