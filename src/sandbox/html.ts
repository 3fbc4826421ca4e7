import { escapeHtml } from '../render/escape-html.ts';

export { escapeHtml };

const CSS = `
:root { --ink:#1b1f24; --muted:#5b6470; --line:#d7dce2; --accent:#1f4e99; --bad:#b3261e; --bg:#f7f8fa; }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
header { background:#243447; color:#fff; padding:10px 16px; }
header strong { font-weight:600; } header span { opacity:.8; margin-left:8px; font-size:.9rem; }
main { max-width: 980px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.4rem; margin: .4rem 0 1rem; } h2 { font-size: 1.15rem; margin: 0 0 .6rem; }
.card { background:#fff; border:1px solid var(--line); border-radius:10px; padding:16px 18px; margin: 0 0 16px; }
.meta { color:var(--muted); font-size:.92rem; }
.banner { padding:10px 14px; border-radius:8px; margin-bottom:16px; background:#eef4ff; border:1px solid #c9dafc; }
.banner.error { background:#fdecea; border-color:#f3b8b2; }
form.inline { display:flex; flex-wrap:wrap; gap:8px; align-items:center; margin:4px 0; }
label { font-weight:600; } select, input[type=url] { font:inherit; padding:8px; border:1px solid #9aa4b1; border-radius:6px; min-height:40px; }
input[type=url] { min-width: 24rem; max-width:100%; }
button { font: inherit; padding: 8px 14px; border-radius: 8px; border: 1px solid var(--accent); background:#fff; color:var(--accent); cursor:pointer; min-height:40px; }
button.primary { background: var(--accent); color:#fff; }
select:focus, input:focus, button:focus, a:focus { outline: 3px solid #8ab4f8; outline-offset: 1px; }
table { border-collapse: collapse; width:100%; font-size:.95rem; }
th, td { border-bottom:1px solid var(--line); padding:6px 8px; text-align:left; vertical-align:top; }
td.num { font-variant-numeric: tabular-nums; }
code { background:#f0f2f5; padding: 0 4px; border-radius:4px; overflow-wrap:anywhere; }
`;

/** A complete page: escaped title, trusted body (callers escape everything they interpolate). */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Sandbox LMS</title><style>${CSS}</style></head>
<body><header><strong>Sandbox LMS</strong><span>a minimal LTI 1.3 platform for development — not for production</span></header>
<main>${body}</main></body></html>`;
}

export function errorPage(status: number, message: string): string {
  return page(`Error ${status}`, `<h1>Error ${status}</h1><div class="banner error" role="alert">${escapeHtml(message)}</div><p><a href="./">Back to the sandbox course</a></p>`);
}

/**
 * The browser half of OIDC and LTI: a form that posts itself (and a button when scripts are off).
 * Field values may be long JWTs; they are escaped like anything else.
 */
export function autoPostPage(title: string, action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<form id="autopost" method="post" action="${escapeHtml(action)}">
${inputs}
<p class="meta">Posting to <code>${escapeHtml(action)}</code>…</p>
<noscript><button class="primary" type="submit">Continue</button></noscript>
</form>
<script>document.getElementById('autopost').submit();</script>`,
  );
}
