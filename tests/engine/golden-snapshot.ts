import { TEMPLATES, type TemplateId } from '../../templates/index.ts';
import { generateVariant } from '../../src/engine/generate-variant.ts';
import { renderPromptText } from '../../src/engine/prompt-text.ts';
import type { AnyTemplate } from '../../src/engine/template.ts';

export const GOLDEN_SEEDS = ['golden-1', 'golden-2', 'DL-2026-final/A'];

/** What a stored variant depends on: params, answers, parts (with option order) and the prompt. */
export function goldenSnapshot(id: TemplateId): unknown {
  const template: AnyTemplate = TEMPLATES[id];
  return {
    template: id,
    version: template.version,
    variants: GOLDEN_SEEDS.map((seed) => {
      const v = generateVariant(template, seed);
      return {
        seed,
        params: v.params,
        answers: template.answersToJson(v.answers),
        options: v.parts.filter((p) => p.options).map((p) => ({ key: p.key, order: p.options?.map((o) => o.id) })),
        prompt: renderPromptText(template, v, 'en'),
      };
    }),
  };
}
