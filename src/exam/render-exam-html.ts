import { referenceValues } from '../engine/generate-variant.ts';
import type { Lang } from '../engine/template.ts';
import { html, unsafeHtml, type HtmlSafeString } from '../render/html.ts';
import { renderInline, renderMathText } from '../render/math-text.ts';
import type { ExamProblem, ExamVariant } from './assemble-exam.ts';
import { pointsPhrase, WORDS } from './exam-words.ts';
import { partPoints, requiredParts } from '../grading/scoring.ts';
import { printDocument } from './print-document.ts';
import { referenceText } from './reference-text.ts';
import { workingSpace } from './working-space.ts';
import type { PaperOptions } from './paper-options.ts';
import { coverPage, sheetHeader, studentBlock } from './render-sheet-header.ts';

/** Inline math in a worked step as display style: fractions in a key must be legible, not script size. */
function displayStyle(step: string): string {
  return step.replace(/(?<!\$)\$(?!\$)([^$]+)\$(?!\$)/g, (_m, body: string) => `$\\displaystyle ${body}$`);
}

/** Template text with its LaTeX typeset on the server (KaTeX output, trusted markup). */
const math = (text: string): HtmlSafeString => unsafeHtml(renderInline(text, 'print'));

function problemHtml(p: ExamProblem, index: number, lang: Lang, withKey: boolean): HtmlSafeString {
  const w = WORDS[lang];
  const refs = referenceValues(p.template, p.variant.params, p.variant.answers);
  const points = partPoints(p.variant.parts, p.points);
  const parts = requiredParts(p.variant.parts).map((part) => {
    const ref = refs.get(part.key);
    const correct = new Set(withKey && ref?.kind === 'choice' ? ref.ids : []);
    const options =
      part.options &&
      html`<ul class="options">${part.options.map(
        (o) =>
          html`<li class="${correct.has(o.id) ? 'correct' : ''}"><span class="box"></span><span class="letter">${o.letter})</span><span>${math(o.label[lang])}</span></li>`,
      )}</ul>`;
    const text = withKey ? referenceText(part, ref) : undefined;
    const below = withKey
      ? html`<div class="answer"><b>${w.answer}:</b>${text === undefined ? `(${w.manual})` : html`<code>${text}</code>`}</div>`
      : workingSpace(part, ref, lang);
    return html`<li><div class="prompt">${math(part.prompt[lang])}<span class="ppts">(${pointsPhrase(points.get(part.key) ?? 0, lang)})</span></div>${options}${below}</li>`;
  });
  const solution =
    withKey &&
    html`<div class="solution"><h3>${w.solution}</h3><ol>${p.template
      .solution(p.variant.params, p.variant.answers, lang)
      .map((s) => html`<li>${math(displayStyle(s))}</li>`)}</ol></div>`;
  // Our own SVG, drawn from validated numeric params.
  const diagram =
    p.template.diagram && html`<div class="diagram">${unsafeHtml(p.template.diagram(p.variant.params))}</div>`;
  // The first part stays on the page of the statement: a statement alone at the foot of a page,
  // its questions overleaf, is the layout fault students complain about most.
  const [first, ...rest] = parts;
  return html`<section class="problem"><div class="stem"><h2>${index + 1}. ${p.template.title[lang]} <span class="pts">(${pointsPhrase(p.points, lang)})</span></h2>
${unsafeHtml(renderMathText(p.template.statement(p.variant.params, lang), 'print'))}
${diagram}<ol class="parts">${first}</ol></div>
${rest.length > 0 && html`<ol class="parts" start="2">${rest}</ol>`}${solution}</section>`;
}

/**
 * One printed variant, A4: the student's sheet, or the key (same sheet, same numbering, plus the
 * reference answers and the worked solutions). Works for any ExamVariant, including one rebuilt
 * from an online attempt's stored params (see printableVariant). `paper` adds the course, date,
 * duration, instructions and, on the student's sheet, a cover page.
 */
export function renderVariantHtml(
  sheet: ExamVariant,
  lang: Lang,
  katexCss: string,
  withKey: boolean,
  paper: PaperOptions = {},
): string {
  const w = WORDS[lang];
  const heading = `${w.exam}, ${w.variant}: ${sheet.label}`;
  const title = `${paper.course ? `${paper.course} — ` : ''}${heading}${withKey ? ` — ${w.key}` : ''}`;
  const cover = !withKey && paper.cover;
  const body = html`${cover ? coverPage(sheet, lang, paper) : sheetHeader(sheet, lang, paper, withKey)}
${!withKey && !cover && studentBlock(sheet, lang)}
${sheet.problems.map((p, i) => problemHtml(p, i, lang, withKey))}`;
  return printDocument(
    title,
    lang,
    katexCss,
    body,
    `${paper.course ? `${paper.course} · ` : ''}${w.exam} · ${w.variant} ${sheet.label}${withKey ? ` · ${w.key}` : ''}`,
  );
}
