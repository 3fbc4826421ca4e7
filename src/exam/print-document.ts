import type { Lang } from '../engine/template.ts';
import { escapeHtml } from '../render/escape-html.ts';
import { PRINT_CSS } from './print-css.ts';

/**
 * A whole printable page. `footer` goes into a meta tag: the PDF printer reads it for the running
 * footer, so a loose page can always be matched to its variant.
 */
export function printDocument(title: string, lang: Lang, katexCss: string, body: string, footer: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="print-footer" content="${escapeHtml(footer)}"><title>${escapeHtml(title)}</title>
<style>${katexCss}</style><style>${PRINT_CSS}</style></head>
<body>${body}</body></html>
`;
}
