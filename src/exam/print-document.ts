import type { Lang } from '../engine/template.ts';
import { html, renderHtml, unsafeHtml, type HtmlValue } from '../render/html.ts';
import { PRINT_CSS } from './print-css.ts';

/**
 * A whole printable page. `footer` goes into a meta tag: the PDF printer reads it for the running
 * footer, so a loose page can always be matched to its variant.
 */
export function printDocument(title: string, lang: Lang, katexCss: string, body: HtmlValue, footer: string): string {
  return `${renderHtml(html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="print-footer" content="${footer}"><title>${title}</title>
<style>${unsafeHtml(katexCss)}</style><style>${unsafeHtml(PRINT_CSS)}</style></head>
<body>${body}</body></html>`)}\n`;
}
