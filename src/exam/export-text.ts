import type { ExportPart } from '../answers/kinds/index.ts';
import type { VariantPart } from '../engine/generate-variant.ts';
import type { Lang } from '../engine/template.ts';
import { xmlEscape } from '../answers/kinds/export-markup.ts';
import { numberNotation } from '../grading/grade-submission.ts';

/** Moodle's TeX filter and most QTI players' MathJax read \( \) and \[ \], not dollars. */
export function dollarsToTex(text: string): string {
  return text.replace(/\$\$([\s\S]+?)\$\$/g, '\\[$1\\]').replace(/\$([^$]+?)\$/g, '\\($1\\)');
}

/**
 * One line of template text ($TeX$, `code`) as HTML for an LMS: TeX in \( \), code spans as
 * <code> (an LMS shows Markdown backticks literally), everything else escaped.
 */
export function inlineHtml(text: string): string {
  return xmlEscape(dollarsToTex(text)).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** Template text (paragraphs, $TeX$, `code`) as escaped HTML paragraphs for an LMS editor. */
export function paragraphsHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((para) => para.trim())
    .filter((para) => para !== '')
    .map((para) => `<p>${inlineHtml(para)}</p>`)
    .join('');
}

/** "]]>" cannot appear inside CDATA: split it across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** A part as the answer kinds export it: options in the exam's language with TeX in \( \), numbers as that language writes them. */
export function exportPart(part: VariantPart, lang: Lang): ExportPart {
  return {
    type: part.type,
    ...(part.tolerance ? { tolerance: part.tolerance } : {}),
    ...(part.options ? { options: part.options.map((o) => ({ id: o.id, label: dollarsToTex(o.label[lang]) })) } : {}),
    notation: numberNotation(lang),
  };
}
