import katex from 'katex';
import { escapeHtml } from './escape-html.ts';
import { BoundedCache } from '../lib/bounded-cache.ts';

/**
 * Renders template text (paragraphs with $inline$ and $$display$$ LaTeX and `code`) to HTML on the
 * server, so pages need no client-side script to show math and print exactly as shown.
 */
export function renderMathText(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((para) => para.trim())
    .filter((para) => para !== '')
    .map((para) => {
      const html = renderInline(para);
      // A paragraph that is only display math must not be wrapped in <p> (a div inside p is invalid).
      return /^\$\$[\s\S]*\$\$$/.test(para) && !para.slice(2, -2).includes('$$') ? html : `<p>${html}</p>`;
    })
    .join('\n');
}

// Formulas repeat across variants (the GD update rule, the BPTT sum): each is typeset once.
// Bounded by characters, since one typeset matrix is several kilobytes of HTML.
const typeset = new BoundedCache<string, string>(20_000, { weigh: (html) => html.length, maxWeight: 8_000_000 });

function tex(source: string, displayMode: boolean): string {
  return typeset.getOrCreate(`${displayMode ? 'D' : 'I'}${source}`, () =>
    katex.renderToString(source, { displayMode, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' }),
  );
}

/** Splits one paragraph into text, $$display$$, $inline$ and `code` pieces. */
export function renderInline(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$$', i)) {
      const end = text.indexOf('$$', i + 2);
      if (end > i) {
        out += tex(text.slice(i + 2, end), true);
        i = end + 2;
        continue;
      }
    }
    const ch = text[i];
    if (ch === '$') {
      const end = text.indexOf('$', i + 1);
      if (end > i) {
        out += tex(text.slice(i + 1, end), false);
        i = end + 1;
        continue;
      }
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i) {
        out += `<code>${escapeHtml(text.slice(i + 1, end))}</code>`;
        i = end + 1;
        continue;
      }
    }
    let next = i + 1;
    while (next < text.length && text[next] !== '$' && text[next] !== '`') next++;
    out += escapeHtml(text.slice(i, next)).replace(/\n/g, ' ');
    i = next;
  }
  return out;
}

/** The KaTeX stylesheet's path inside node_modules, served by the web app and inlined in print. */
export const KATEX_CSS_MODULE = 'katex/dist/katex.min.css';
