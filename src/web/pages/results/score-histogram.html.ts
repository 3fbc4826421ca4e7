import { scoreHistogram } from '../../../activity/item-statistics.ts';
import { html, joinHtml, type HtmlSafeString } from '../../../render/html.ts';

const W = 560;
const H = 200;
const PAD = { left: 36, right: 8, top: 18, bottom: 34 };

/**
 * The distribution of the students' gradebook scores as an inline SVG (no script, no library):
 * ten bars of 10 %, each with its count, labelled axes, and a text alternative for screen readers.
 */
export function scoreHistogramSvg(scores: readonly number[]): HtmlSafeString {
  const counts = scoreHistogram(scores);
  const top = Math.max(1, ...counts);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const barW = plotW / counts.length;
  const label = (i: number) => (i === counts.length - 1 ? '90–100' : `${i * 10}–${i * 10 + 9}`);
  const described = counts.map((c, i) => `${label(i)} %: ${c}`).join(', ');
  const bars = joinHtml(
    counts.map((c, i) => {
      const h = (c / top) * plotH;
      const x = PAD.left + i * barW;
      const y = PAD.top + plotH - h;
      return html`<rect x="${(x + 2).toFixed(1)}" y="${y.toFixed(1)}" width="${(barW - 4).toFixed(1)}" height="${h.toFixed(1)}" fill="#1f4e99"><title>${label(i)} %: ${c}</title></rect>${c > 0 && html`<text x="${(x + barW / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="11">${c}</text>`}<text x="${(x + barW / 2).toFixed(1)}" y="${H - PAD.bottom + 14}" text-anchor="middle" font-size="10" fill="#5b6470">${label(i)}</text>`;
    }),
    '',
  );
  return html`<svg class="histogram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Students by gradebook score: ${described}">
<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${W - PAD.right}" y2="${PAD.top + plotH}" stroke="#9aa4b1"/>
<text x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end" font-size="10" fill="#5b6470">${top}</text><text x="${PAD.left - 6}" y="${PAD.top + plotH}" text-anchor="end" font-size="10" fill="#5b6470">0</text>
${bars}
<text x="${PAD.left + plotW / 2}" y="${H - 4}" text-anchor="middle" font-size="11" fill="#1b1f24">score (% of the points)</text>
</svg>`;
}
