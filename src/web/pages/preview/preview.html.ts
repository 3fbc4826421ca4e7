import type { Lang } from '../../../engine/template.ts';
import { html, type HtmlSafeString } from '../../../render/html.ts';
import { layout } from '../../components/layout.html.ts';

export interface PreviewPageModel {
  ltik: string;
  lang: Lang;
  /** The problem families to choose from: id and title in the page's language. */
  problems: Array<{ id: string; title: string }>;
  templateId: string;
  title: string;
  seed: string;
  templateVersion: number;
  /** The variant's parameters as JSON. */
  params: string;
  /** The statement typeset (KaTeX) with the diagram, and the worked solution's steps typeset. */
  statement: HtmlSafeString;
  diagram?: HtmlSafeString;
  solution: HtmlSafeString[];
  /** The answer key: each part's prompt (typeset), its reference answer as a student would type it, its points. */
  key: Array<{ prompt: HtmlSafeString; answer: string; points: number }>;
}

/** Instructor preview: any template with any seed, with its answer key and worked solution. */
export function renderPreviewPage(m: PreviewPageModel): string {
  const rows = m.key.map(
    (k) => html`<tr><td>${k.prompt}</td><td><code>${k.answer}</code></td><td>${k.points}</td></tr>`,
  );
  const options = m.problems.map(
    ({ id, title }) => html`<option value="${id}"${id === m.templateId && ' selected'}>${title}</option>`,
  );
  const body = html`<h1>Preview: ${m.title}</h1>
<form method="get" action="/instructor/preview" class="card">
<input type="hidden" name="ltik" value="${m.ltik}">
<div class="part"><label for="template">Problem</label><select id="template" name="template">${options}</select></div>
<div class="part"><label for="seed">Seed</label><input type="text" id="seed" name="seed" value="${m.seed}" maxlength="200"></div>
<div class="part"><label for="lang">Language</label><select id="lang" name="lang"><option value="en"${m.lang === 'en' && ' selected'}>English</option><option value="cs"${m.lang === 'cs' && ' selected'}>Čeština</option></select></div>
<div class="actions"><button type="submit" class="primary">Show variant</button></div>
</form>
<section class="card">
<p class="meta">Template version ${m.templateVersion} · seed <code>${m.seed}</code> · params <code>${m.params}</code></p>
${m.statement}
${m.diagram && html`<div class="diagram">${m.diagram}</div>`}
<h2>Answer key</h2>
<table tabindex="0"><thead><tr><th>Part</th><th>Answer</th><th>Points</th></tr></thead><tbody>${rows}</tbody></table>
<h2>Worked solution</h2>
<ol class="steps" tabindex="0">${m.solution.map((s) => html`<li>${s}</li>`)}</ol>
</section>
<p><a href="/instructor?ltik=${encodeURIComponent(m.ltik)}">Back to the results</a></p>`;
  return layout({ lang: m.lang, title: 'Preview', body });
}
