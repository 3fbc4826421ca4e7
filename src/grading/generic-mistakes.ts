import type { AnswerValue } from '../core/answer-value.ts';
import { kindOf } from '../answers/kinds/index.ts';
import type { KnownMistake } from '../engine/template.ts';

/**
 * Mistakes any part of a given type can show, derived from the reference alone: a flipped sign
 * and a transposed matrix. (Swapped open/closed ends are found by the interval comparison.)
 */
export function genericMistakes(reference: AnswerValue): KnownMistake[] {
  const out: KnownMistake[] = [];
  const kind = kindOf(reference);
  const negated = kind.negate?.(reference);
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
  const transposed = kind.transpose?.(reference);
  if (transposed) {
    out.push({
      id: 'transposed',
      value: transposed,
      feedback: {
        en: 'This is the transpose: one row per output, one column per parameter.',
        cs: 'Toto je transpozice: jeden řádek na výstup, jeden sloupec na parametr.',
      },
    });
  }
  return out;
}
