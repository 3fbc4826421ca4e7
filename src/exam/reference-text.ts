import type { AnswerValue } from '../core/answer-value.ts';
import { formatAnswerValue } from '../answers/index.ts';
import type { VariantPart } from '../engine/generate-variant.ts';

/**
 * A part's reference answer as the grader reads it: canonical text, or for choices the letters
 * printed on this variant's sheet (in alphabetical order, not the authoring order of the ids).
 * Undefined for parts graded by hand.
 */
export function referenceText(part: VariantPart, ref: AnswerValue | undefined): string | undefined {
  if (!ref) return undefined;
  if (ref.kind !== 'choice') return formatAnswerValue(ref);
  return correctLetters(part, ref.ids).join(', ');
}

export function correctLetters(part: VariantPart, ids: readonly string[]): string[] {
  return ids.map((id) => part.options?.find((o) => o.id === id)?.letter ?? id).sort();
}
