import katex from 'katex';
import { html, unsafeHtml, type HtmlSafeString } from './html.ts';
import { BoundedCache } from '../lib/bounded-cache.ts';
import { flatMarkup } from './flat-markup.ts';

/**
 * Renders template text (paragraphs with $inline$ and $$display$$ LaTeX and `code`) to HTML on the
 * server, so pages need no client-side script to show math and print exactly as shown.
 */
export function renderMathText(text: string, medium: MathMedium = 'screen'): string {
  return text
    .split(/\n\s*\n/)
    .map((para) => para.trim())
    .filter((para) => para !== '')
    .map((para) => {
      const html = renderInline(para, medium);
      // A paragraph that is only display math must not be wrapped in <p> (a div inside p is invalid).
      return /^\$\$[\s\S]*\$\$$/.test(para) && !para.slice(2, -2).includes('$$') ? html : `<p>${html}</p>`;
    })
    .join('\n');
}

// Formulas repeat across variants (the GD update rule, the BPTT sum): each is typeset once.
// Bounded by characters, since one typeset matrix is several kilobytes of HTML.
const typeset = new BoundedCache<string, string>(20_000, { weigh: (html) => html.length, maxWeight: 8_000_000 });

/**
 * 'screen': KaTeX's HTML plus MathML, which screen readers read. 'print': the HTML alone; paper and
 * PDF carry no MathML, and leaving it out makes exam sheets quicker to typeset and to lay out.
 */
export type MathMedium = 'screen' | 'print';

function tex(source: string, displayMode: boolean, medium: MathMedium): string {
  return typeset.getOrCreate(`${displayMode ? 'D' : 'I'}${medium === 'print' ? 'P' : 'S'}${source}`, () => {
    const markup = katex.renderToString(source, {
      displayMode,
      throwOnError: false,
      output: medium === 'print' ? 'html' : 'htmlAndMathml',
      strict: 'ignore',
    });
    // On a phone a display formula wider than the page scrolls inside its box (.katex-display):
    // a tab stop, so that it can be scrolled from the keyboard too (WCAG 2.1.1).
    return flatMarkup(
      displayMode && medium === 'screen'
        ? markup.replace('<span class="katex-display"', '<span class="katex-display" tabindex="0"')
        : markup,
    );
  });
}

/** Splits one paragraph into text, $$display$$, $inline$ and `code` pieces. */
export function renderInline(text: string, medium: MathMedium = 'screen'): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$$', i)) {
      const end = text.indexOf('$$', i + 2);
      if (end > i) {
        out += tex(text.slice(i + 2, end), true, medium);
        i = end + 2;
        continue;
      }
    }
    const ch = text[i];
    if (ch === '$') {
      const end = text.indexOf('$', i + 1);
      if (end > i) {
        // Punctuation after inline math stays on its line: KaTeX's boxes are atomic inlines, and a
        // browser may break after one, leaving "." alone at the start of the next line.
        const punct = /^[.,;:!?)]+/.exec(text.slice(end + 1))?.[0] ?? '';
        const math = tex(text.slice(i + 1, end), false, medium);
        out += punct ? html`<span style="white-space:nowrap">${unsafeHtml(math)}${punct}</span>`.toString() : math;
        i = end + 1 + punct.length;
        continue;
      }
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i) {
        out += html`<code>${text.slice(i + 1, end)}</code>`.toString();
        i = end + 1;
        continue;
      }
    }
    let next = i + 1;
    while (next < text.length && text[next] !== '$' && text[next] !== '`') next++;
    out += html`${text.slice(i, next).replace(/\n/g, ' ')}`.toString();
    i = next;
  }
  return out;
}

/** `renderMathText` as markup for an `html` template: KaTeX's output and the text, escaped here. */
export function mathTextHtml(text: string, medium: MathMedium = 'screen'): HtmlSafeString {
  return unsafeHtml(renderMathText(text, medium));
}

/** `renderInline` as markup for an `html` template. */
export function mathInlineHtml(text: string, medium: MathMedium = 'screen'): HtmlSafeString {
  return unsafeHtml(renderInline(text, medium));
}

/** The KaTeX stylesheet's path inside node_modules, served by the web app and inlined in print. */
export const KATEX_CSS_MODULE = 'katex/dist/katex.min.css';
