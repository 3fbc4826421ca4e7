import type { AnswerValue } from '../core/answer-value.ts';
import type { VariantPart } from '../engine/generate-variant.ts';
import type { Lang } from '../engine/template.ts';
import { html, type HtmlSafeString } from '../render/html.ts';
import { WORDS } from './exam-words.ts';

/**
 * Ruled lines to write on, per answer type: a set or a vector fits on a line or two, a matrix
 * needs a line per row and room to work, an explanation a paragraph. Sized by the part, never by
 * its answer's content (an interval set's number of pieces would give it away); a matrix's rows
 * are the batch size the statement gives anyway.
 */
export function workingLines(part: VariantPart, ref: AnswerValue | undefined): number {
  switch (part.type) {
    case 'matrix':
      return Math.min(10, (ref?.kind === 'matrix' ? ref.rows.length : 3) + 3);
    case 'vector':
      return 3;
    case 'intervalSet':
    case 'finiteSet':
      return 2;
    case 'freeText':
      return 6;
    default:
      return 0;
  }
}

/**
 * The working space under a part on the student's sheet: a box for a number (with a little room
 * to work beside it), ruled lines for everything longer; nothing under a choice (its boxes are ticked).
 */
export function workingSpace(part: VariantPart, ref: AnswerValue | undefined, lang: Lang): HtmlSafeString | '' {
  if (part.options) return '';
  if (part.type === 'number')
    return html`<div class="space number"><span class="work"></span><span class="result"><span class="label">${WORDS[lang].answer}</span><span class="box"></span></span></div>`;
  const lines = workingLines(part, ref);
  return html`<div class="space lines" data-lines="${lines}">${Array.from({ length: lines }, () => html`<div class="rule"></div>`)}</div>`;
}
