import { TEMPLATE_IDS, TEMPLATES } from '../../../../templates/index.ts';
import { MAX_VARIANTS } from '../../../exam/assemble-exam.ts';
import { PAPER_LIMITS } from '../../../exam/paper-options.ts';
import type { Lang } from '../../../engine/template.ts';
import { renderExamFormPage as renderExamFormView } from './exam-form.html.ts';

/** The exam form, with this year's seed suggested and the problem titles in the page's language. */
export function renderExamFormPage(ltik: string, lang: Lang): string {
  return renderExamFormView({
    lang,
    ltik,
    problems: TEMPLATE_IDS.map((id) => ({ id, title: TEMPLATES[id].title[lang] })),
    maxVariants: MAX_VARIANTS,
    seed: `exam-${new Date().getUTCFullYear()}`,
    paperLimits: PAPER_LIMITS,
  });
}
