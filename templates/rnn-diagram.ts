import { toScalar } from '../src/core/scalar.ts';
import { formatScalar } from '../src/core/scalar.ts';

/**
 * The unrolled network as SVG, drawn from the variant's own numbers: a student cannot answer
 * without seeing the model (the original exam's figure was lost, see NOTES.md).
 */
export function rnnDiagramSvg(p: { theta: number; z0: number; x: number[]; y: number }): string {
  const step = 150;
  const width = 90 + step * p.x.length + 150;
  const height = 190;
  const fmt = (v: number): string => escapeXml(formatScalar(toScalar(v)));
  const node = (cx: number, label: string, sub: string): string =>
    `<g><circle cx="${cx}" cy="80" r="28" fill="#eef4ff" stroke="#1f4e99" stroke-width="2"/>` +
    `<text x="${cx}" y="78" text-anchor="middle" font-size="16" font-style="italic">${label}</text>` +
    `<text x="${cx}" y="96" text-anchor="middle" font-size="11" fill="#333">${sub}</text></g>`;
  const parts: string[] = [];
  parts.push(node(50, 'z<tspan baseline-shift="sub" font-size="11">0</tspan>', `= ${fmt(p.z0)}`));
  p.x.forEach((xt, i) => {
    const t = i + 1;
    const x0 = 50 + step * i;
    const cx = x0 + step;
    parts.push(
      `<line x1="${x0 + 28}" y1="80" x2="${cx - 32}" y2="80" stroke="#222" stroke-width="2" marker-end="url(#arrow)"/>`,
      `<text x="${(x0 + cx) / 2}" y="68" text-anchor="middle" font-size="13">× θ·x<tspan baseline-shift="sub" font-size="10">${t}</tspan></text>`,
      `<rect x="${(x0 + cx) / 2 - 34}" y="130" width="68" height="30" rx="6" fill="#fff7e6" stroke="#b36b00"/>`,
      `<text x="${(x0 + cx) / 2}" y="150" text-anchor="middle" font-size="13">x<tspan baseline-shift="sub" font-size="10">${t}</tspan> = ${fmt(xt)}</text>`,
      `<line x1="${(x0 + cx) / 2}" y1="130" x2="${(x0 + cx) / 2}" y2="86" stroke="#b36b00" stroke-width="1.5" marker-end="url(#arrow)"/>`,
      node(cx, `z<tspan baseline-shift="sub" font-size="11">${t}</tspan>`, ''),
    );
  });
  const last = 50 + step * p.x.length;
  parts.push(
    `<line x1="${last + 28}" y1="80" x2="${last + 78}" y2="80" stroke="#222" stroke-width="2" marker-end="url(#arrow)"/>`,
    `<rect x="${last + 82}" y="58" width="120" height="44" rx="6" fill="#fdecec" stroke="#a12"/>`,
    `<text x="${last + 142}" y="85" text-anchor="middle" font-size="13">L = (z<tspan baseline-shift="sub" font-size="10">${p.x.length}</tspan> ${p.y < 0 ? `+ ${fmt(-p.y)}` : `− ${fmt(p.y)}`})²</text>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width + 60} ${height}" width="${width + 60}" height="${height}" role="img" aria-label="Unrolled recurrent network: z_t = theta times x_t times z_(t-1), theta = ${fmt(p.theta)}, loss on the last state">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#222"/></marker></defs>` +
    `<text x="10" y="22" font-size="14">z<tspan baseline-shift="sub" font-size="10">t</tspan> = θ · x<tspan baseline-shift="sub" font-size="10">t</tspan> · z<tspan baseline-shift="sub" font-size="10">t−1</tspan>,  θ = ${fmt(p.theta)}</text>` +
    parts.join('') +
    '</svg>'
  );
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
