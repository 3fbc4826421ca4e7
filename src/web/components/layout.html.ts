import type { Lang } from '../../engine/template.ts';
import { encodedHtml, html, renderHtml, unsafeHtml, type HtmlSafeString } from '../../render/html.ts';

export const PAGE_CSS = `
:root { --ink:#1b1f24; --muted:#5b6470; --line:#d7dce2; --accent:#1f4e99; --ok:#1d7a35; --bad:#b3261e; --warn:#8a5a00; --bg:#f7f8fa; }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
main { max-width: 860px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.4rem; margin: .4rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 0 0 .5rem; }
.card { background:#fff; border:1px solid var(--line); border-radius:10px; padding:16px 18px; margin: 0 0 16px; }
.meta { color:var(--muted); font-size:.92rem; }
.part { border-top:1px solid var(--line); padding: 12px 0 4px; }
.part label { display:block; font-weight:600; margin-bottom:4px; }
/* Form controls on every page (student and instructor): the borders at 4:1 on white (WCAG 1.4.11 asks 3:1), 44 px targets. */
input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select, textarea { font: inherit; color:var(--ink); background:#fff; padding:8px 10px; border:1px solid #767f8c; border-radius:6px; min-height:44px; max-width:100%; }
input[type=number] { width:7em; }
input[type=checkbox], input[type=radio] { width:20px; height:20px; margin:2px 0; accent-color:var(--accent); flex:none; }
select { padding-right:28px; }
label { overflow-wrap:anywhere; }
.part input[type=text], .part textarea { width:100%; font: 1rem ui-monospace, SFMono-Regular, Menlo, monospace; }
.part textarea { min-height: 5em; font-family: inherit; }
/* Focus seen from a distance: 3 px in the accent colour (8.6:1 on white, 3:1 needed), outside the control. */
:focus-visible, input:focus, textarea:focus, select:focus { outline: 3px solid var(--accent); outline-offset: 2px; }
.lang-switch { display:flex; justify-content:flex-end; align-items:center; gap:4px; font-size:.92rem; color:var(--muted); }
button.link-button { min-height:24px; padding:2px 6px; border:0; background:none; color:var(--accent); text-decoration:underline; }
fieldset { border:0; padding:0; margin:0; min-width:0; } /* not min-content: a long option must not widen the page */
legend { font-weight:600; margin-bottom:4px; padding:0; }
.option { display:flex; gap:8px; align-items:flex-start; padding:3px 0; }
.part .option label { font-weight:400; margin:0; }
.parts-asked { display:flex; flex-wrap:wrap; gap:4px 8px; align-items:center; margin:0 0 8px 28px; } .parts-asked select { font:inherit; max-width:100%; }
.quiz-bar { position:sticky; top:0; z-index:10; display:flex; flex-wrap:wrap; gap:8px 16px; align-items:center; justify-content:space-between; background:#fff; border:1px solid var(--line); border-radius:10px; padding:6px 12px; margin:0 0 16px; box-shadow:0 2px 6px rgba(0,0,0,.06); }
.timer { font-variant-numeric: tabular-nums; } .timer.soon { color:var(--bad); }
.problem-nav ol { list-style:none; display:flex; flex-wrap:wrap; gap:6px; margin:0; padding:0; }
.problem-nav a { display:inline-flex; align-items:center; justify-content:center; min-width:44px; min-height:44px; border-radius:8px; border:1px solid #767f8c; color:var(--ink); text-decoration:none; font-weight:600; background:#fff; }
.problem-nav a.answered { background:var(--accent); border-color:var(--accent); color:#fff; }
.problem-nav a.partlyAnswered { background:#dbe6f7; border-color:var(--accent); border-style:dashed; }
section[id^="problem-"], h2[id^="problem-"] { scroll-margin-top: 80px; }
.echo { font-size:.92rem; margin-top:4px; }
.echo.ok { color: var(--ink); } .echo.bad { color: var(--warn); }
.echo-value { display:inline-block; padding:1px 6px; background:#f0f2f5; border-radius:4px; }
.confirm { border-color:#e0c27a; background:#fffaf0; } .confirm ul { margin:.2rem 0 .6rem; }
a.button-link { display:inline-flex; align-items:center; padding: 10px 16px; border-radius: 8px; border:1px solid var(--accent); color:var(--accent); text-decoration:none; min-height:44px; }
.feedback { margin-top:6px; padding:6px 10px; border-radius:6px; font-size:.95rem; }
.feedback.correct { background:#e8f5ec; color:var(--ok); } .feedback.partial { background:#fff4e0; color:var(--warn); } .feedback.wrong { background:#fdecea; color:var(--bad); }
.feedback.graded { background:#eef4ff; color:var(--ink); } .feedback.pending { background:#f0f2f5; color:var(--ink); }
.feedback.skipped { background:#f0f2f5; color:var(--muted); }
.feedback .comment { margin-top:4px; color:var(--ink); }
.problem-score { float:right; font-weight:400; } .part-points { white-space:nowrap; }
small.meta { font-size:.8rem; }
#grading-queue form { display:flex; flex-wrap:wrap; gap:6px; align-items:center; margin:0 0 8px; } #grading-queue form textarea { width:100%; min-height:2.6em; font:inherit; } #grading-queue .free-text { white-space:pre-wrap; }
.histogram-figure { margin:0 0 12px; overflow-x:auto; } .histogram { max-width:100%; height:auto; }
.actions { display:flex; flex-wrap:wrap; gap:10px; margin: 8px 0 24px; }
button { font: inherit; padding: 10px 16px; border-radius: 8px; border: 1px solid var(--accent); background:#fff; color:var(--accent); cursor:pointer; min-height:44px; }
button.primary { background: var(--accent); color:#fff; }
button:disabled { opacity: .45; cursor: not-allowed; }
.banner { padding:10px 14px; border-radius:8px; margin-bottom:16px; background:#eef4ff; border:1px solid #c9dafc; }
.banner.error { background:#fdecea; border-color:#f3b8b2; }
.diagram { overflow-x:auto; } .diagram svg { max-width:100%; height:auto; }
.katex-display { overflow-x:auto; overflow-y:hidden; padding: 2px 0; }
table { border-collapse: collapse; width:100%; font-size:.95rem; }
th, td { border-bottom:1px solid var(--line); padding:6px 8px; text-align:left; vertical-align:top; }
code { background:#f0f2f5; padding: 0 4px; border-radius:4px; overflow-wrap:anywhere; }
/* Worked solutions: a wide matrix scrolls inside the list (a tab stop, so the keyboard can scroll it). */
ol.steps { overflow-x:auto; overflow-y:hidden; }
.sr-only { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
@media (max-width: 600px) {
  main { padding: 10px; } .card { padding: 12px; }
  /* A table wider than a phone scrolls inside its card, never the page (the header row scrolls with it). */
  table { display:block; overflow-x:auto; max-width:100%; font-size:.9rem; }
  th, td { padding:5px 6px; }
  h1 { overflow-wrap:anywhere; }
}
`;

export interface LayoutOptions {
  lang: Lang;
  title: string;
  /** Markup (an `html` template): a plain string here would be escaped, so none is accepted. */
  body: HtmlSafeString;
}

/** Every page: one stylesheet inline, KaTeX's stylesheet from our own server, no third-party requests. */
export function layout(options: LayoutOptions): string {
  return renderHtml(page(options, unsafeHtml(PAGE_CSS)));
}

/** The stylesheet as the bytes every quiz page copies (see EncodedHtml). */
const PAGE_CSS_BYTES = encodedHtml(PAGE_CSS);

/** The same page as markup whose large pieces stay encoded, for htmlBytes: the quiz page, sent at every launch. */
export function layoutHtml(options: LayoutOptions): HtmlSafeString {
  return page(options, PAGE_CSS_BYTES);
}

function page({ lang, title, body }: LayoutOptions, css: HtmlSafeString): HtmlSafeString {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/katex/katex.min.css">
<style>${css}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export function errorPage(status: number, message: string, lang: Lang = 'en'): string {
  const heading = lang === 'cs' ? 'Požadavek nelze provést' : 'This request cannot be completed';
  return layout({
    lang,
    title: `${status} ${heading}`,
    body: html`<div class="card" role="alert"><h1>${heading}</h1><p>${message}</p><p class="meta">HTTP ${status}</p></div>`,
  });
}
