import { referenceValues } from '../engine/generate-variant.ts';
import type { Lang } from '../engine/template.ts';
import { escapeHtml } from '../render/escape-html.ts';
import { renderInline, renderMathText } from '../render/math-text.ts';
import type { ExamProblem, ExamVariant } from './assemble-exam.ts';
import { formatPoints, pointsPhrase, WORDS } from './exam-words.ts';
import { partPoints, requiredParts } from '../activity/scoring.ts';
import { printDocument } from './print-document.ts';
import { referenceText } from './reference-text.ts';

/** Inline math in a worked step as display style: fractions in a key must be legible, not script size. */
function displayStyle(step: string): string {
  return step.replace(/(?<!\$)\$(?!\$)([^$]+)\$(?!\$)/g, (_m, body: string) => `$\\displaystyle ${body}$`);
}

/** Room to write, sized by what the answer is: a number needs less than a matrix or an explanation. */
function answerSpace(type: string): string {
  const size = type === 'number' ? ' short' : type === 'matrix' || type === 'freeText' ? ' tall' : '';
  return `<div class="space${size}"></div>`;
}

function problemHtml(p: ExamProblem, index: number, lang: Lang, withKey: boolean): string {
  const w = WORDS[lang];
  const refs = withKey ? referenceValues(p.template, p.variant.params, p.variant.answers) : undefined;
  const points = partPoints(p.variant.parts, p.points);
  const parts = requiredParts(p.variant.parts).map((part) => {
    const ref = refs?.get(part.key);
    const correct = new Set(ref?.kind === 'choice' ? ref.ids : []);
    const options = part.options
      ? `<ul class="options">${part.options
          .map(
            (o) =>
              `<li${correct.has(o.id) ? ' class="correct"' : ''}><span class="box"></span><span class="letter">${o.letter})</span><span>${renderInline(o.label[lang], 'print')}</span></li>`,
          )
          .join('')}</ul>`
      : '';
    const text = withKey ? referenceText(part, ref) : undefined;
    const below = withKey
      ? `<div class="answer"><b>${w.answer}:</b>${text === undefined ? escapeHtml(`(${w.manual})`) : `<code>${escapeHtml(text)}</code>`}</div>`
      : part.options
        ? ''
        : answerSpace(part.type);
    const pts = points.get(part.key) ?? 0;
    return `<li><div class="prompt">${renderInline(part.prompt[lang], 'print')}<span class="ppts">(${escapeHtml(pointsPhrase(pts, lang))})</span></div>${options}${below}</li>`;
  });
  const solution = withKey
    ? `<div class="solution"><h3>${w.solution}</h3><ol>${p.template
        .solution(p.variant.params, p.variant.answers, lang)
        .map((s) => `<li>${renderInline(displayStyle(s), 'print')}</li>`)
        .join('')}</ol></div>`
    : '';
  const diagram = p.template.diagram ? `<div class="diagram">${p.template.diagram(p.variant.params)}</div>` : '';
  // The first part stays on the page of the statement: a statement alone at the foot of a page,
  // its questions overleaf, is the layout fault students complain about most.
  const [first = '', ...rest] = parts;
  return `<section class="problem"><div class="stem"><h2>${index + 1}. ${escapeHtml(p.template.title[lang])} <span class="pts">(${escapeHtml(pointsPhrase(p.points, lang))})</span></h2>
${renderMathText(p.template.statement(p.variant.params, lang), 'print')}
${diagram}<ol class="parts">${first}</ol></div>
${rest.length ? `<ol class="parts" start="2">${rest.join('')}</ol>` : ''}${solution}</section>`;
}

/** Name and ID lines, and a table for the grader's marks per problem. */
function studentBlock(sheet: ExamVariant, lang: Lang): string {
  const w = WORDS[lang];
  const total = sheet.problems.reduce((a, p) => a + p.points, 0);
  const heads = sheet.problems.map((_p, i) => `<th>${i + 1}</th>`).join('');
  const maxima = sheet.problems.map((p) => `<td>/ ${formatPoints(p.points, lang)}</td>`).join('');
  const blanks = sheet.problems.map(() => '<td class="blank"></td>').join('');
  return `<div class="student"><div class="fields"><div class="field">${w.name}: <span class="line"></span></div><div class="field">${w.id}: <span class="line"></span></div></div>
<table class="score"><tr><th>${w.problem}</th>${heads}<th>${w.total}</th></tr><tr><td></td>${maxima}<td>/ ${formatPoints(total, lang)}</td></tr><tr><td class="blank"></td>${blanks}<td class="blank"></td></tr></table></div>`;
}

/**
 * One printed variant, A4: the student's sheet, or the key (same sheet, same numbering, plus the
 * reference answers and the worked solutions). Works for any ExamVariant, including one rebuilt
 * from an online attempt's stored params (see printableVariant).
 */
export function renderVariantHtml(sheet: ExamVariant, lang: Lang, katexCss: string, withKey: boolean): string {
  const w = WORDS[lang];
  const total = sheet.problems.reduce((a, p) => a + p.points, 0);
  const heading = `${w.exam}, ${w.variant}: ${sheet.label}`;
  const title = `${heading}${withKey ? ` — ${w.key}` : ''}`;
  const body = `<header class="sheet"><h1><span>${escapeHtml(heading)}</span><span class="sep">, </span><span class="total">${w.points} ${formatPoints(total, lang)}</span></h1>${
    withKey ? `<span class="badge">${w.keyBadge}</span>` : ''
  }</header>
${withKey ? '' : studentBlock(sheet, lang)}
${sheet.problems.map((p, i) => problemHtml(p, i, lang, withKey)).join('\n')}`;
  return printDocument(
    title,
    lang,
    katexCss,
    body,
    `${w.exam} · ${w.variant} ${sheet.label}${withKey ? ` · ${w.key}` : ''}`,
  );
}
