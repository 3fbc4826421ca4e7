import { getTemplate, type TemplateId } from '../../templates/index.ts';
import { generateVariant } from '../../src/engine/generate-variant.ts';
import { renderPromptText } from '../../src/engine/prompt-text.ts';

export const GOLDEN_SEEDS = ['golden-1', 'golden-2', 'DL-2026-final/A'];

/** Version 1's snapshots predate versioned names and keep theirs; later versions get ".vN". */
export function goldenFile(id: TemplateId, version: number): string {
  return version === 1 ? `${id}.json` : `${id}.v${version}.json`;
}

/** What a stored variant depends on: params, answers, parts (with option order) and the prompt. */
export function goldenSnapshot(id: TemplateId, version: number): unknown {
  const template = getTemplate(id, version);
  if (!template) throw new Error(`no template ${id} version ${version}`);
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
