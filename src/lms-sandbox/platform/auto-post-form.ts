import { escapeHtml } from '../../render/escape-html.ts';

/** A page that posts `fields` to `action` at once (how an LMS hands an id_token to a tool). */
export function autoPostForm(action: string, fields: Record<string, string>, title: string): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><form id="f" method="post" action="${escapeHtml(action)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form><script>document.getElementById('f').submit()</script></body></html>`;
}
