import { TEMPLATE_IDS, TEMPLATES } from '../../../../templates/index.ts';
import { formatAnswerValue } from '../../../answers/index.ts';
import { referenceValues, type Variant } from '../../../engine/generate-variant.ts';
import type { AnyTemplate, Lang } from '../../../engine/template.ts';
import { unsafeHtml } from '../../../render/html.ts';
import { mathInlineHtml, mathTextHtml } from '../../../render/math-text.ts';
import { renderPreviewPage as renderPreviewView, type PreviewPageModel } from './preview.html.ts';

export interface PreviewModel {
  ltik: string;
  lang: Lang;
  templateId: string;
  seed: string;
  template: AnyTemplate;
  variant: Variant;
}

/** A variant as the preview shows it: typeset statement and solution, and the answer key as a student would type it. */
export function previewPageModel(m: PreviewModel): PreviewPageModel {
  const refs = referenceValues(m.template, m.variant.params, m.variant.answers);
  return {
    ltik: m.ltik,
    lang: m.lang,
    problems: TEMPLATE_IDS.map((id) => ({ id, title: TEMPLATES[id].title[m.lang] })),
    templateId: m.templateId,
    title: m.template.title[m.lang],
    seed: m.seed,
    templateVersion: m.variant.templateVersion,
    params: JSON.stringify(m.variant.params),
    statement: mathTextHtml(m.template.statement(m.variant.params, m.lang)),
    // SVG drawn by the template's own code from the variant's numbers.
    ...(m.template.diagram ? { diagram: unsafeHtml(m.template.diagram(m.variant.params)) } : {}),
    solution: m.template.solution(m.variant.params, m.variant.answers, m.lang).map((step) => mathInlineHtml(step)),
    key: m.variant.parts.map((p) => {
      const ref = refs.get(p.key);
      return {
        prompt: mathInlineHtml(p.prompt[m.lang]),
        answer:
          ref?.kind === 'choice'
            ? ref.ids.map((id) => p.options?.find((o) => o.id === id)?.letter ?? id).join(', ')
            : ref
              ? formatAnswerValue(ref)
              : '(graded by hand)',
        points: p.points,
      };
    }),
  };
}

/** Instructor preview: any template with any seed, with its answer key and worked solution. */
export function renderPreviewPage(m: PreviewModel): string {
  return renderPreviewView(previewPageModel(m));
}
