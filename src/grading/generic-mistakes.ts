import type { AnswerValue } from '../core/answer-value.ts';
import { neg, type Scalar, isZero } from '../core/scalar.ts';
import type { KnownMistake } from '../engine/template.ts';

/**
 * Mistakes any part of a given type can show, derived from the reference alone: a flipped sign
 * and a transposed matrix. (Swapped open/closed ends are found by the interval comparison.)
 */
export function genericMistakes(reference: AnswerValue): KnownMistake[] {
  const out: KnownMistake[] = [];
  const negated = negateValue(reference);
  if (negated) {
    out.push({
      id: 'sign-error',
      value: negated,
      feedback: {
        en: 'Check the sign: the value has the right size but the opposite sign.',
        cs: 'Zkontrolujte znaménko: hodnota má správnou velikost, ale opačné znaménko.',
      },
    });
  }
  if (reference.kind === 'matrix') {
    out.push({
      id: 'transposed',
      value: { kind: 'matrix', rows: transpose(reference.rows) },
      feedback: {
        en: 'This is the transpose: one row per output, one column per parameter.',
        cs: 'Toto je transpozice: jeden řádek na výstup, jeden sloupec na parametr.',
      },
    });
  }
  return out;
}

function negateValue(v: AnswerValue): AnswerValue | undefined {
  switch (v.kind) {
    case 'number':
      return isZero(v.value) ? undefined : { kind: 'number', value: neg(v.value) };
    case 'vector':
      return v.values.every(isZero) ? undefined : { kind: 'vector', values: v.values.map(neg) };
    case 'matrix':
      return v.rows.every((r) => r.every(isZero)) ? undefined : { kind: 'matrix', rows: v.rows.map((r) => r.map(neg)) };
    default:
      return undefined;
  }
}

function transpose(rows: Scalar[][]): Scalar[][] {
  const cols = rows[0]?.length ?? 0;
  return Array.from({ length: cols }, (_, j) => rows.map((r) => r[j] as Scalar));
}
