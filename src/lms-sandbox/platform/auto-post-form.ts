import { html, renderHtml } from '../../render/html.ts';

/**
 * A page that posts `fields` to `action` at once (how an LMS hands an id_token to a tool). `nonce`:
 * the response's script nonce (its Content-Security-Policy allows no other inline script).
 */
export function autoPostForm(action: string, fields: Record<string, string>, title: string, nonce: string): string {
  const inputs = Object.entries(fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`);
  return renderHtml(
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><form id="f" method="post" action="${action}">${inputs}<noscript><button type="submit">Continue</button></noscript></form><script nonce="${nonce}">document.getElementById('f').submit()</script></body></html>`,
  );
}
