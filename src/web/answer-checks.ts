import { answerField } from '../activity/answer-field.ts';
import { parseForPart } from '../grading/grade-submission.ts';
import type { VariantPart } from '../engine/generate-variant.ts';
import { answerHtml } from '../render/answer-latex.ts';
import { parseErrorText } from '../answers/parse-error-text.ts';
import type { Lang } from '../engine/template.ts';

/** How one typed answer is read, as the page shows it: typeset, or the parser's message in the page's language. */
export type AnswerCheck = { ok: true; echo: string; html: string } | { ok: false; error: string };

/** The "check" reading of every non-blank, non-free-text answer, by form field. */
export function checkAnswers(
  problems: ReadonlyArray<{ variant: { parts: readonly VariantPart[] } }>,
  typed: Readonly<Record<string, string>>,
  lang: Lang,
): Record<string, AnswerCheck> {
  const checks: Record<string, AnswerCheck> = {};
  problems.forEach((p, i) => {
    for (const part of p.variant.parts) {
      const name = answerField(i, part.key);
      const raw = typed[name] ?? '';
      if (raw.trim() === '' || part.type === 'freeText') continue;
      const read = parseForPart(raw, part, lang);
      checks[name] = read.ok
        ? { ok: true, echo: read.echo, html: answerHtml(read.value, read.echo) }
        : { ok: false, error: parseErrorText(read.error, lang) };
    }
  });
  return checks;
}
