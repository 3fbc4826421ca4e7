import type { Variant } from './generate-variant.ts';
import type { AnyTemplate, Lang } from './template.ts';

/** The whole question as plain text with LaTeX: statement, then the parts and their options. */
export function renderPromptText(template: AnyTemplate, variant: Variant, lang: Lang): string {
  const lines = [template.statement(variant.params, lang), ''];
  variant.parts.forEach((part, i) => {
    lines.push(`(${i + 1}) ${part.prompt[lang]} [${part.key}]`);
    for (const option of part.options ?? []) lines.push(`    ${option.letter}) ${option.label[lang]}`);
  });
  return lines.join('\n');
}
