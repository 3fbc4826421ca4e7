import { TEMPLATE_IDS, TEMPLATES } from '../../../templates/index.ts';
import { formatAnswerValue } from '../../answers/index.ts';
import { referenceValues, type Variant } from '../../engine/generate-variant.ts';
import type { AnyTemplate, Lang } from '../../engine/template.ts';
import { escapeHtml } from '../../render/escape-html.ts';
import { renderInline, renderMathText } from '../../render/math-text.ts';
import { layout } from './layout.ts';

export interface PreviewModel {
  ltik: string;
  lang: Lang;
  templateId: string;
  seed: string;
  template: AnyTemplate;
  variant: Variant;
}

/** Instructor preview: any template with any seed, with its answer key and worked solution. */
export function renderPreviewPage(m: PreviewModel): string {
  const refs = referenceValues(m.template, m.variant.params, m.variant.answers);
  const rows = m.variant.parts
    .map((p) => {
      const ref = refs.get(p.key);
      const shown =
        ref?.kind === 'choice'
          ? ref.ids.map((id) => p.options?.find((o) => o.id === id)?.letter ?? id).join(', ')
          : ref
            ? formatAnswerValue(ref)
            : '(graded by hand)';
      return `<tr><td>${renderInline(p.prompt[m.lang])}</td><td><code>${escapeHtml(shown)}</code></td><td>${p.points}</td></tr>`;
    })
    .join('');
  const options = TEMPLATE_IDS.map(
    (id) =>
      `<option value="${id}"${id === m.templateId ? ' selected' : ''}>${escapeHtml(TEMPLATES[id].title[m.lang])}</option>`,
  ).join('');
  const body = `<h1>Preview: ${escapeHtml(m.template.title[m.lang])}</h1>
<form method="get" action="/instructor/preview" class="card">
<input type="hidden" name="ltik" value="${escapeHtml(m.ltik)}">
<div class="part"><label for="template">Problem</label><select id="template" name="template">${options}</select></div>
<div class="part"><label for="seed">Seed</label><input type="text" id="seed" name="seed" value="${escapeHtml(m.seed)}" maxlength="200"></div>
<div class="part"><label for="lang">Language</label><select id="lang" name="lang"><option value="en"${m.lang === 'en' ? ' selected' : ''}>English</option><option value="cs"${m.lang === 'cs' ? ' selected' : ''}>Čeština</option></select></div>
<div class="actions"><button type="submit" class="primary">Show variant</button></div>
</form>
<section class="card">
<p class="meta">Template version ${m.variant.templateVersion} · seed <code>${escapeHtml(m.seed)}</code> · params <code>${escapeHtml(JSON.stringify(m.variant.params))}</code></p>
${renderMathText(m.template.statement(m.variant.params, m.lang))}
${m.template.diagram ? `<div class="diagram">${m.template.diagram(m.variant.params)}</div>` : ''}
<h2>Answer key</h2>
<table tabindex="0"><thead><tr><th>Part</th><th>Answer</th><th>Points</th></tr></thead><tbody>${rows}</tbody></table>
<h2>Worked solution</h2>
<ol class="steps" tabindex="0">${m.template
    .solution(m.variant.params, m.variant.answers, m.lang)
    .map((s) => `<li>${renderInline(s)}</li>`)
    .join('')}</ol>
</section>
<p><a href="/instructor?ltik=${encodeURIComponent(m.ltik)}">Back to the results</a></p>`;
  return layout({ lang: m.lang, title: 'Preview', body });
}
