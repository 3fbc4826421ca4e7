import { isExact, type Scalar, formatScalar, frac, mul, toNumber } from './scalar.ts';
import type { IntervalSet } from './interval-set.ts';

/** A scalar as LaTeX: exact rationals as \frac, floats rounded for reading (the key keeps full precision). */
export function latexScalar(s: Scalar): string {
  if (!isExact(s)) return Number.isInteger(s) ? String(s) : String(Number(s.toPrecision(6)));
  const text = formatScalar(s);
  const slash = text.indexOf('/');
  if (slash < 0) return text;
  const negative = text.startsWith('-');
  const num = text.slice(negative ? 1 : 0, slash);
  const den = text.slice(slash + 1);
  return `${negative ? '-' : ''}\\frac{${num}}{${den}}`;
}

/** Wraps negative values in parentheses where they follow an operator. */
export function latexFactor(s: Scalar): string {
  const text = latexScalar(s);
  return text.startsWith('-') ? `(${text})` : text;
}

export function latexMatrix(rows: readonly (readonly Scalar[])[]): string {
  return `\\begin{bmatrix} ${rows.map((r) => r.map(latexScalar).join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
}

/**
 * A sum of values as a person writes it: "-7 - \frac{7}{2} - 3", never "-7 + -\frac{7}{2} + -3".
 */
export function latexSum(values: readonly Scalar[]): string {
  return values
    .map((v, i) => {
      const text = latexScalar(v);
      if (i === 0) return text;
      return text.startsWith('-') ? `- ${text.slice(1)}` : `+ ${text}`;
    })
    .join(' ');
}

/** A coefficient times a symbol: "\alpha" for 1, "-\alpha" for -1, "6\alpha", "\frac{1}{2}\alpha". */
export function latexTerm(coef: Scalar, symbol: string): string {
  const text = latexScalar(coef);
  if (text === '1') return symbol;
  if (text === '-1') return `-${symbol}`;
  return `${text}${symbol}`;
}

const gcdBig = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcdBig(b, a % b));

/**
 * A matrix a reader can check by eye: exact entries with their common factor taken out
 * ("\frac{1}{32} [7, -6; ...]" rather than a grid of tiny fractions), inexact ones to 3 decimals.
 */
export function latexMatrixReadable(rows: readonly (readonly Scalar[])[]): string {
  const entries = rows.flat();
  if (!entries.every(isExact)) {
    const cell = (s: Scalar) => {
      const text = toNumber(s).toFixed(3);
      return /^-0\.0+$/.test(text) ? text.slice(1) : text;
    };
    return `\\begin{bmatrix} ${rows.map((r) => r.map(cell).join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
  }
  const exact = entries.filter(isExact);
  const den = exact.reduce((l, f) => (l * f.d) / gcdBig(l, f.d), 1n);
  const num = exact.reduce((g, f) => gcdBig(g, f.n), 0n);
  if (den === 1n || num === 0n) return latexMatrix(rows);
  const factor = frac(num, den);
  const scaled = rows.map((r) => r.map((s) => mul(s, frac(den, num))));
  return `${latexScalar(factor)}${latexMatrix(scaled)}`;
}

export function latexIntervalSet(set: IntervalSet): string {
  return set
    .toString()
    .replace(/-inf/g, '-\\infty')
    .replace(/(?<![-\\])inf/g, '\\infty')
    .replace(/\{/g, '\\{')
    .replace(/\}/g, '\\}')
    .replace(/ U /g, ' \\cup ')
    .replace(/(-?)(\d+)\/(\d+)/g, '$1\\frac{$2}{$3}');
}

/**
 * A polynomial a w^2 + b w + c in LaTeX, dropping zero terms and unit coefficients the way a
 * person writes it ("3w^2 - 1", not "3w^2 + 0w + -1").
 */
export function latexQuadratic(a: Scalar, b: Scalar, c: Scalar, variable = 'w'): string {
  const terms: Array<{ coef: Scalar; power: 0 | 1 | 2 }> = [
    { coef: a, power: 2 },
    { coef: b, power: 1 },
    { coef: c, power: 0 },
  ];
  let out = '';
  for (const { coef, power } of terms) {
    const text = latexScalar(coef);
    if (text === '0') continue;
    const negative = text.startsWith('-');
    const magnitude = negative ? text.slice(1) : text;
    const varPart = power === 2 ? `${variable}^2` : power === 1 ? variable : '';
    const coefPart = magnitude === '1' && power > 0 ? '' : magnitude;
    if (out === '') out = `${negative ? '-' : ''}${coefPart}${varPart}`;
    else out += ` ${negative ? '-' : '+'} ${coefPart}${varPart}`;
  }
  return out === '' ? '0' : out;
}
