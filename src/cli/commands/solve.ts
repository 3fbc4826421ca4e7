import { parseArgs } from 'node:util';
import { parseJsonOption } from '../usage-error.ts';
import { formatAnswerValue } from '../../answers/index.ts';
import { referenceValues } from '../../engine/generate-variant.ts';
import type { AnyTemplate } from '../../engine/template.ts';
import { resolveTemplate, solveOrExplain, validateParams } from '../resolve-problem.ts';
import { exampleParamsLines } from '../problem-list.ts';

export const solveHelp = `exam-variants solve <problem> --params '<json>'

Computes the reference answers for the given parameters and prints them as one JSON object:
"answers" as data (numbers as JSON numbers: alphaStar 0.16666666666666666) and "key" as the
answer key prints each graded part (exact: "1/6").
${exampleParamsLines()}`;

export function runSolve(args: string[]): unknown {
  const { values, positionals } = parseArgs({
    args,
    options: { params: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const template = resolveTemplate(positionals[0]);
  const params = validateParams(template, parseJsonOption('params', values.params));
  const answers = solveOrExplain(template, params);
  return {
    problem: template.id,
    params,
    answers: template.answersToJson(answers),
    key: keyText(template, params, answers),
  };
}

/** Each graded part's reference as the key prints it: exact fractions, interval sets as written (choices have no letters without a seed). */
function keyText(template: AnyTemplate, params: unknown, answers: unknown): Record<string, string> {
  const key: Record<string, string> = {};
  for (const [part, value] of referenceValues(template, params, answers))
    if (value.kind !== 'choice') key[part] = formatAnswerValue(value);
  return key;
}
