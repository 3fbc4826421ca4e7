import { html, type HtmlSafeString } from '../../render/html.ts';

/** Points as pages show them: at most two decimals, no trailing zeros (1.5, 15.14, 20). */
export function formatPoints(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** "15.14 / 20". */
export function pointsOf(points: number, max: number): string {
  return `${formatPoints(points)} / ${formatPoints(max)}`;
}

/** A student as instructor pages name them: the name, and the LMS user id in small print. */
export function studentLabel(name: string | undefined, userId: string): HtmlSafeString {
  const shown = name && name !== userId ? html`${name} <small class="meta">${userId}</small>` : userId;
  return html`<span class="student">${shown}</span>`;
}
