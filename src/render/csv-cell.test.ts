import { describe, expect, it } from 'vitest';
import { csvCell } from './csv-cell.ts';
import { readCsv, isFormulaCell as formula } from '../../tests/support/read-csv.ts';

describe('csvCell', () => {
  it.each([
    ['1\r=1+2'],
    ['1\n=1+2'],
    ['\t=1+2'],
    ['\r=1+2'],
    ['=HYPERLINK("http://x","y")'],
    ['+1+2'],
    ['@SUM(A1)'],
    ["-2+3+cmd|' /C calc'!A0"],
    ['-'],
    ['a,b'],
    ['say "hi"'],
  ])('%j stays one cell of one row, and no cell of it is a formula', (input) => {
    const rows = readCsv(`${csvCell(input)},next\n`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveLength(2);
    for (const cell of rows[0] ?? []) expect(formula(cell)).toBe(false);
    expect(rows[0]?.[0]?.replace(/^'/, '')).toBe(input);
  });

  it('keeps numbers, negative ones included, as numbers', () => {
    for (const n of ['-1', '-0.5', '-.5', '-1e-3', '3', '0.25']) expect(csvCell(n)).toBe(n);
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(undefined)).toBe('');
  });
});
