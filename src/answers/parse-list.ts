import type { Scalar } from '../core/scalar.ts';
import type { Cursor } from './cursor.ts';
import { parseSum } from './parse-expression.ts';

/**
 * Entries separated by commas or spaces until `closer` (or ';' or the end). Spaces separate
 * entries the MATLAB way: "1 -1" is two entries, "1 - 1" is one.
 */
export function parseEntries(c: Cursor, closer: string | null): Scalar[] {
  const saved = c.spaceSeparated;
  c.spaceSeparated = true;
  const out: Scalar[] = [];
  try {
    for (;;) {
      c.skipSpace();
      if (c.atEnd() || c.peek() === closer || c.peek() === ';') break;
      if (c.peek() === ',') throw c.error('an entry is missing');
      out.push(parseSum(c));
      const spaced = c.skipSpace();
      if (c.eat(',')) {
        c.skipSpace();
        if (c.atEnd() || c.peek() === closer || c.peek() === ';') throw c.error('an entry is missing after ","');
        continue;
      }
      if (c.atEnd() || c.peek() === closer || c.peek() === ';') break;
      if (!spaced) throw c.error('unexpected character');
    }
  } finally {
    c.spaceSeparated = saved;
  }
  return out;
}

const CLOSER: Record<string, string> = { '[': ']', '(': ')' };

/** [1, -1], (1, -1), [1 -1] or a bare 1, -1. */
export function parseVector(c: Cursor): Scalar[] | Scalar[][] {
  c.skipSpace();
  const open = c.peek();
  const closer = CLOSER[open];
  if (closer) {
    const start = c.pos;
    c.pos++;
    c.skipSpace();
    // A column or row written as a matrix ([[1], [2]] or [[1, 2]]) is still a vector.
    if (open === '[' && c.peek() === '[') {
      c.pos = start;
      return parseMatrix(c);
    }
    const values = parseEntries(c, closer);
    c.expect(closer, `a closing "${closer}"`);
    return values;
  }
  return parseEntries(c, null);
}

/** [[1,-1],[1,1]], [1 -1; 1 1], [1, -1; 1, 1] or a bare 1 -1; 1 1. */
export function parseMatrix(c: Cursor): Scalar[][] {
  c.skipSpace();
  const rows: Scalar[][] = [];
  const bracketed = c.eat('[');
  c.skipSpace();
  if (bracketed && c.peek() === '[') {
    c.enter();
    for (;;) {
      c.expect('[', 'a row starting with "["');
      rows.push(parseEntries(c, ']'));
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
      rows.push(parseEntries(c, bracketed ? ']' : null));
      if (c.eat(';')) continue;
      break;
    }
    if (bracketed) c.expect(']', 'a closing "]"');
  }
  checkRectangular(c, rows);
  return rows;
}

function checkRectangular(c: Cursor, rows: Scalar[][]): void {
  if (rows.length === 0 || rows[0]?.length === 0) throw c.error('the matrix is empty');
  const width = rows[0]?.length ?? 0;
  rows.forEach((row, i) => {
    if (row.length !== width) {
      throw c.error(`row ${i + 1} has ${row.length} ${row.length === 1 ? 'entry' : 'entries'} but row 1 has ${width}`, 0);
    }
  });
}
