import { IntervalSet } from '../core/interval-set.ts';
import { compareScalar, formatScalar, type Scalar } from '../core/scalar.ts';
import type { Cursor } from './cursor.ts';
import { parseEntries } from './parse-list.ts';
import { parseSum } from './parse-expression.ts';

const INFINITY = /^([+\-−]?)\s*(∞|infinity|infty|inf)/i;

/** An interval end: a number, or ±inf / ±∞. */
function parseBound(c: Cursor): Scalar {
  c.skipSpace();
  const m = INFINITY.exec(c.text.slice(c.pos));
  if (m) {
    c.pos += m[0].length;
    return m[1] === '-' || m[1] === '−' ? -Infinity : Infinity;
  }
  return parseSum(c);
}

/** (a, b), [a, b), ]a, b[ (the reversed-bracket notation taught in Czech schools), {a, b}, ∅. */
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
    const values = parseEntries(c, '}');
    c.expect('}', 'a closing "}"');
    return IntervalSet.points(values);
  }
  if (ch === 'ℝ' || ((ch === 'R' || ch === 'r') && !/[a-z]/i.test(c.peek(1)))) {
    c.pos++;
    return IntervalSet.real();
  }
  if (ch === '(' || ch === '[' || ch === ']') {
    c.pos++;
    const loClosed = ch === '[';
    const lo = parseBound(c);
    c.skipSpace();
    if (!(c.eat(',') || c.eat(';'))) throw c.error('expected "," between the two ends of the interval');
    const hi = parseBound(c);
    c.skipSpace();
    const close = c.peek();
    if (close !== ')' && close !== ']' && close !== '[') throw c.error('expected ")" or "]" to close the interval');
    c.pos++;
    const hiClosed = close === ']';
    if ((lo === -Infinity || lo === Infinity) && loClosed) throw c.error('an infinite end cannot be closed: write ( for -inf', start);
    if ((hi === Infinity || hi === -Infinity) && hiClosed) throw c.error('an infinite end cannot be closed: write ) for inf', c.pos - 1);
    if (compareScalar(lo, hi) > 0) throw c.error(`lower end ${show(lo)} is greater than upper end ${show(hi)}`, start);
    return IntervalSet.interval(lo, hi, loClosed, hiClosed);
  }
  // A bare number is the one-point set {x}.
  return IntervalSet.point(parseSum(c));
}

function show(s: Scalar): string {
  return s === Infinity ? 'inf' : s === -Infinity ? '-inf' : formatScalar(s);
}

const UNION = /^\s*(∪|U|u|or)(?![a-zA-Z])/;

export function parseIntervalSet(c: Cursor): IntervalSet {
  const pieces = [parsePiece(c)];
  for (;;) {
    const m = UNION.exec(c.text.slice(c.pos));
    if (!m) break;
    c.pos += m[0].length;
    pieces.push(parsePiece(c));
  }
  return IntervalSet.union(pieces);
}

/** {a, b} or a bare a, b: a finite set of numbers. */
export function parseFiniteSet(c: Cursor): Scalar[] {
  c.skipSpace();
  if (c.eat('∅')) return [];
  if (c.eat('{')) {
    const values = parseEntries(c, '}');
    c.expect('}', 'a closing "}"');
    return values;
  }
  return parseEntries(c, null);
}
