import type { Scalar } from '../core/scalar.ts';
import type { Cursor } from './cursor.ts';
import { parseSum } from './parse-expression.ts';

/**
 * Entries separated by commas or spaces until `closer` (or ';' or the end). Spaces separate
 * entries the MATLAB way (see parse-expression.ts): "1 -1" is two entries, "1 - 1" is one.
 * With `semicolonSeparates` (a set, or a bracketed matrix row, in Czech notation) ';' separates
 * entries as ',' does.
 */
export function parseEntries(c: Cursor, closer: string | null, semicolonSeparates = false): Scalar[] {
  const saved = c.spaceSeparated;
  c.spaceSeparated = true;
  const out: Scalar[] = [];
  try {
    for (;;) {
      c.skipSpace();
      if (endsList(c, closer, semicolonSeparates)) break;
      if (c.peek() === ',') throw c.error('an entry is missing before ","');
      out.push(parseSum(c));
      const spaced = c.skipSpace();
      if (c.eat(',') || (semicolonSeparates && c.eat(';'))) {
        c.skipSpace();
        if (endsList(c, closer, semicolonSeparates)) throw c.error('an entry is missing after ","');
        continue;
      }
      if (endsList(c, closer, semicolonSeparates)) break;
      if (!spaced) throw c.unexpected();
    }
  } finally {
    c.spaceSeparated = saved;
  }
  return out;
}

function endsList(c: Cursor, closer: string | null, semicolonSeparates: boolean): boolean {
  const ch = c.peek();
  return ch === '' || ch === closer || (ch === ';' && !semicolonSeparates);
}

const CLOSER: Record<string, string> = { '[': ']', '(': ')' };

/** [1, -1], (1, -1), [1 -1] or a bare 1, -1; a nested or ';'-separated input is a matrix. */
export function parseVector(c: Cursor): Scalar[] | Scalar[][] {
  c.skipSpace();
  const start = c.pos;
  const open = c.peek();
  const closer = open === '[' || open === '(' ? CLOSER[open] : undefined;
  let values: Scalar[];
  if (closer !== undefined) {
    c.pos++;
    c.skipSpace();
    // A column or row written as a matrix ([[1], [2]] or [[1, 2]]) is read as a matrix; the
    // grader, which knows the expected shape, decides what to make of it.
    if (open === '[' && c.peek() === '[') {
      c.pos = start;
      return parseMatrix(c);
    }
    // "(0,25; 0,75)" in Czech notation: round brackets hold no matrix, so ";" separates entries.
    values = parseEntries(c, closer, open === '(' && c.decimalComma);
    if (open === '[' && c.peek() === ';') {
      c.pos = start;
      return parseMatrix(c);
    }
    c.expect(closer, `a closing "${closer}"`);
  } else {
    values = parseEntries(c, null);
    if (c.peek() === ';') {
      c.pos = start;
      return parseMatrix(c);
    }
  }
  if (values.length === 0) throw c.sentence('The vector is empty', start);
  return values;
}

/** [[1,-1],[1,1]], [[1,-1] [1,1]], [1 -1; 1 1], [1, -1; 1, 1] or a bare 1 -1; 1 1. */
export function parseMatrix(c: Cursor): Scalar[][] {
  c.skipSpace();
  const start = c.pos;
  const rows: Scalar[][] = [];
  const rowStarts: number[] = [];
  const bracketed = c.eat('[');
  c.skipSpace();
  if (bracketed && c.peek() === '[') {
    c.enter();
    for (;;) {
      c.skipSpace();
      rowStarts.push(c.pos);
      c.expect('[', 'a row starting with "["');
      rows.push(parseEntries(c, ']', c.decimalComma));
      c.expect(']', 'a closing "]" for the row');
      c.skipSpace();
      if (c.eat(',') || c.eat(';')) continue;
      c.skipSpace();
      if (c.peek() === '[') continue;
      break;
    }
    c.leave();
    c.expect(']', 'a closing "]"');
  } else {
    for (;;) {
      c.skipSpace();
      rowStarts.push(c.pos);
      rows.push(parseEntries(c, bracketed ? ']' : null));
      if (c.eat(';')) continue;
      break;
    }
    // A trailing ";" ("[1 2; 3 4;]") is harmless, as in MATLAB.
    if (rows.length > 1 && rows[rows.length - 1]?.length === 0) {
      rows.pop();
      rowStarts.pop();
    }
    if (bracketed) c.expect(']', 'a closing "]"');
  }
  checkRectangular(c, rows, rowStarts, start);
  return rows;
}

function checkRectangular(c: Cursor, rows: Scalar[][], rowStarts: number[], start: number): void {
  const width = rows[0]?.length ?? 0;
  if (width === 0) throw c.sentence(rows.length > 1 ? 'Row 1 is empty' : 'The matrix is empty', start);
  for (let i = 1; i < rows.length; i++) {
    const n = rows[i]?.length ?? 0;
    if (n !== width) {
      throw c.sentence(
        `Row ${i + 1} has ${n} ${n === 1 ? 'entry' : 'entries'} but row 1 has ${width}`,
        rowStarts[i] ?? start,
      );
    }
  }
}
