import { formatAnswerValue } from '../../src/answers/index.ts';
import { answerField, loadProblems } from '../../src/activity/attempt-service.ts';
import { referenceValues } from '../../src/engine/generate-variant.ts';
import type { AttemptDoc } from '../../src/store/models/attempt.ts';

/** The form a student who knows every reference answer would send (choice parts by their letters). */
export function correctAnswerFields(attempt: AttemptDoc): Record<string, string> {
  const fields: Record<string, string> = {};
  loadProblems(attempt).forEach((p, i) => {
    const refs = referenceValues(p.template, p.variant.params, p.variant.answers);
    for (const part of p.variant.parts) {
      const ref = refs.get(part.key);
      if (!ref) continue;
      fields[answerField(i, part.key)] =
        ref.kind === 'choice'
          ? ref.ids.map((id) => part.options?.find((o) => o.id === id)?.letter ?? id).join(', ')
          : formatAnswerValue(ref);
    }
  });
  return fields;
}
