import type { VariantPart } from '../engine/generate-variant.ts';
import type { Lang } from '../engine/template.ts';
import { parseForPart } from '../grading/grade-submission.ts';

/** A part a student is about to submit that would score nothing as it stands. */
export interface AnswerIssue {
  problemIndex: number;
  partKey: string;
  kind: 'blank' | 'unreadable';
  /** The parser's message, for an unreadable answer. */
  error?: string;
}

/**
 * Validation before grading (the STACK and Numbas way): the required parts left blank and every
 * answer the parser cannot read. A submit with any of these is confirmed by the student first;
 * a bonus part left blank is no issue.
 */
export function answerIssues(
  problems: ReadonlyArray<{ variant: { parts: readonly VariantPart[] } }>,
  typed: (problemIndex: number, partKey: string) => string,
  lang: Lang = 'en',
): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  problems.forEach((p, i) => {
    for (const part of p.variant.parts) {
      const raw = typed(i, part.key);
      if (raw.trim() === '') {
        if (!part.optional) issues.push({ problemIndex: i, partKey: part.key, kind: 'blank' });
        continue;
      }
      if (part.type === 'freeText') continue;
      const read = parseForPart(raw, part, lang);
      if (!read.ok) issues.push({ problemIndex: i, partKey: part.key, kind: 'unreadable', error: read.error });
    }
  });
  return issues;
}
