import type { AnswerValue } from '../core/answer-value.ts';
import { formatAnswerValue } from '../answers/index.ts';
import { toNumber } from '../core/scalar.ts';
import { gradeSubmission } from './grade-submission.ts';
import { referenceValues, type Variant } from '../engine/generate-variant.ts';
import type { AnyTemplate } from '../engine/template.ts';

/**
 * Every variant tests itself: its own answer key typed back in scores 1, a wrong answer scores
 * less, and unreadable input scores 0 without throwing. Returns the problems found.
 */
export function selfTestVariant(template: AnyTemplate, variant: Variant): string[] {
  const problems: string[] = [];
  const refs = referenceValues(template, variant.params, variant.answers);
  const correct: Record<string, string> = {};
  const wrong: Record<string, string> = {};
  const unreadable: Record<string, string> = {};
  for (const part of variant.parts) {
    const ref = refs.get(part.key);
    if (!ref) continue;
    correct[part.key] = typedForm(ref, part.options);
    wrong[part.key] = part.options ? wrongChoice(ref, part.options) : wrongValue(ref);
    unreadable[part.key] = '?!';
  }
  const keys = Object.keys(correct);
  const good = gradeSubmission(template, variant, correct, { onlyKeys: keys });
  for (const key of keys) {
    if (!good.parts[key]?.correct)
      problems.push(
        `part ${key}: its own answer key "${correct[key]}" was not accepted (${good.parts[key]?.feedback})`,
      );
  }
  // One wrong part at a time, the others right, so follow-through cannot excuse it.
  for (const key of keys) {
    const bad = gradeSubmission(template, variant, { ...correct, [key]: wrong[key] }, { onlyKeys: [key] });
    if (bad.parts[key]?.correct) problems.push(`part ${key}: the wrong answer "${wrong[key]}" was accepted`);
  }
  const garbage = gradeSubmission(template, variant, unreadable, { onlyKeys: keys });
  for (const [key, part] of Object.entries(garbage.parts))
    if (part.score !== 0 || !part.unreadable)
      problems.push(`part ${key}: the unreadable answer "?!" was graded instead of marked unreadable`);
  return problems;
}

type Options = readonly { letter: string; id: string }[] | undefined;

/** What a student would type for a reference value: letters for choices, the canonical echo otherwise. */
function typedForm(ref: AnswerValue, options: Options): string {
  if (ref.kind === 'choice' && options) {
    return ref.ids.map((id) => options.find((o) => o.id === id)?.letter ?? id).join(', ');
  }
  return formatAnswerValue(ref);
}

/** Far from the reference whatever its size: 2|r| + 1 for a number, a lone number elsewhere. */
function wrongValue(ref: AnswerValue): string {
  if (ref.kind === 'number') return String(2 * Math.abs(toNumber(ref.value)) + 1);
  return '12345.678';
}

function wrongChoice(ref: AnswerValue, options: NonNullable<Options>): string {
  const correct = new Set(ref.kind === 'choice' ? ref.ids : []);
  const other = options.find((o) => !correct.has(o.id));
  return other?.letter ?? 'z';
}
