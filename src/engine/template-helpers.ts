import { z } from 'zod';
import { formatScalar, frac, isExact, toNumber, toScalar, type Scalar } from '../core/scalar.ts';
import type { Lang, Localized } from './template.ts';

/** A text in both languages the templates are written in. */
export const localized = (en: string, cs: string): Localized => ({ en, cs });

/** A JSON number a person typed into params: finite, with a message naming the rule. */
export const finiteNumber = z.number().refine(Number.isFinite, 'must be a finite number');

const RATIONAL_TEXT = /^(-?\d+)\/(\d+)$/;

/**
 * An exact rational a person or a draw writes into params: a JSON number (read as the decimal it
 * prints as, so 2.5 is 5/2) or "p/q" text for the values no decimal writes exactly (5/3).
 */
export const exactNumber = z.union([
  finiteNumber,
  z
    .string()
    .regex(RATIONAL_TEXT, 'must be a number or a fraction "p/q"')
    .refine((s) => !/\/0+$/.test(s), 'the denominator must not be 0'),
]);
export type ExactNumber = number | string;

export function exactScalar(v: ExactNumber): Scalar {
  if (typeof v === 'number') return toScalar(v);
  const m = RATIONAL_TEXT.exec(v);
  if (!m) throw new RangeError(`not a fraction: ${v}`);
  return frac(BigInt(m[1] as string), BigInt(m[2] as string));
}

/**
 * The value as a number for a schema's range check. NaN (failing every comparison) when it is not
 * a valid exact number, so a refinement that zod runs after the format check failed cannot throw.
 */
export function exactNumberValue(v: ExactNumber): number {
  try {
    return toNumber(exactScalar(v));
  } catch {
    return Number.NaN;
  }
}

/** The params form of an exact value: a number when a short decimal writes it exactly, else "p/q". */
export function exactParam(s: Scalar): ExactNumber {
  if (!isExact(s)) throw new RangeError('exactParam: only exact values are params');
  let d = s.d;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d === 1n ? toNumber(s) : formatScalar(s);
}

/** Greatest common divisor of two non-negative integers (for enumerating simple fractions). */
export function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A paragraph in one language, from sentences each written in both languages side by side. */
export function paragraph(lang: Lang, sentences: readonly Localized[]): string {
  return sentences.map((s) => s[lang]).join(' ');
}
