import { parseArgs } from 'node:util';
import { generateVariant } from '../../engine/generate-variant.ts';
import { renderPromptText } from '../../engine/prompt-text.ts';
import { UsageError } from '../usage-error.ts';
import { resolveTemplate } from '../resolve-problem.ts';

export const generateHelp = `exam-variants generate <problem> --seed <text> [--version N] [--lang en|cs] [--any-numbers]

Generates the variant for a seed: the same seed always gives byte-identical output.
By default variants are exam-friendly (hand-solvable numbers); --any-numbers lifts that.
--version regenerates from an older template version (a printed exam's key names its version).`;

export function runGenerate(args: string[]): unknown {
  const { values, positionals } = parseArgs({
    args,
    options: {
      seed: { type: 'string' },
      version: { type: 'string' },
      lang: { type: 'string', default: 'en' },
      'any-numbers': { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const template = resolveTemplate(positionals[0], values.version);
  if (values.seed === undefined || values.seed === '') throw new UsageError('--seed: required, any non-empty text');
  const lang = values.lang;
  if (lang !== 'en' && lang !== 'cs') throw new UsageError('--lang: must be en or cs');
  const variant = generateVariant(template, values.seed, { examFriendly: !values['any-numbers'] });
  return {
    problem: template.id,
    version: variant.templateVersion,
    seed: variant.seed,
    params: variant.params,
    answers: template.answersToJson(variant.answers),
    prompt: renderPromptText(template, variant, lang),
  };
}
