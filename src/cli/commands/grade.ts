import { parseArgs } from 'node:util';
import { variantFromParams } from '../../engine/generate-variant.ts';
import { gradeSubmission } from '../../grading/grade-submission.ts';
import { scoreOverParts } from '../../grading/scoring.ts';
import { parseJsonOption, UsageError } from '../usage-error.ts';
import { resolveTemplate, solveOrExplain, validateParams } from '../resolve-problem.ts';

export const gradeHelp = `exam-variants grade <problem> --params '<json>' --answers '<json>' [--lang en|cs] [--reveal]

Grades typed answers. --answers maps answer keys (as printed by solve) to what a student typed:
  --answers '{"jacobian": "[[1,-1],[1,1]]"}'
The score is over the parts given (an unreadable answer is not graded: it scores nothing and says why). Choice parts take letters in the template's order (a = first).`;

export function runGrade(args: string[]): unknown {
  const { values, positionals } = parseArgs({
    args,
    options: {
      params: { type: 'string' },
      answers: { type: 'string' },
      lang: { type: 'string', default: 'en' },
      reveal: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const template = resolveTemplate(positionals[0]);
  const params = validateParams(template, parseJsonOption('params', values.params));
  solveOrExplain(template, params);
  const typed = parseJsonOption('answers', values.answers);
  if (typeof typed !== 'object' || typed === null || Array.isArray(typed)) {
    throw new UsageError('answers: must be a JSON object mapping answer keys to typed strings');
  }
  const lang = values.lang;
  if (lang !== 'en' && lang !== 'cs') throw new UsageError('--lang: must be en or cs');
  const known = template.parts.map((p) => p.key);
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(typed)) {
    if (!known.includes(key))
      throw new UsageError(`answers.${key}: unknown answer key for ${template.id}; known: ${known.join(', ')}`);
    // Typed strings are the contract; numbers and arrays are accepted as their JSON text.
    raw[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  if (Object.keys(raw).length === 0) throw new UsageError('answers: give at least one answer key');
  const variant = variantFromParams(template, params);
  const grade = gradeSubmission(template, variant, raw, { lang, onlyKeys: Object.keys(raw), reveal: values.reveal });
  const parts: Record<string, unknown> = {};
  for (const [key, part] of Object.entries(grade.parts)) {
    parts[key] = {
      correct: part.correct,
      score: part.score,
      feedback: part.feedback,
      read: part.parsed.ok ? part.parsed.echo : null,
      ...(part.unreadable && 'error' in part.parsed ? { unreadable: part.parsed.error } : {}),
      ...(part.mistake ? { mistake: part.mistake } : {}),
      ...(part.followThrough ? { followThrough: true } : {}),
    };
  }
  return {
    score: scoreOverParts(
      variant.parts,
      Object.values(grade.parts).map((p) => ({ partKey: p.key, score: p.score, pendingManual: p.pendingManual })),
    ),
    parts,
  };
}
