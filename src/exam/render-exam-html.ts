import { formatAnswerValue } from '../answers/index.ts';
import { referenceValues } from '../engine/generate-variant.ts';
import type { Lang } from '../engine/template.ts';
import { escapeHtml } from '../render/escape-html.ts';
import { renderInline, renderMathText } from '../render/math-text.ts';
import type { ExamProblem, ExamVariant } from './assemble-exam.ts';
import type { AnswerKeyRow } from './answer-key.ts';

const PRINT_CSS = `
@page { size: A4; margin: 16mm 16mm 18mm; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 "DejaVu Serif", Georgia, serif; color: #111; margin: 0; }
header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #111; padding-bottom: 4mm; margin-bottom: 6mm; }
header h1 { font-size: 16pt; margin: 0; }
header .meta { font-size: 11pt; }
.name { margin: 0 0 6mm; font-size: 10.5pt; }
.name span { display: inline-block; border-bottom: 1px solid #444; min-width: 55mm; margin-right: 8mm; }
section.problem { margin: 0 0 8mm; }
section.problem + section.problem { break-before: auto; }
h2 { font-size: 13pt; margin: 0 0 2mm; }
h2 .pts { font-weight: normal; font-size: 10.5pt; color: #333; }
.diagram { margin: 2mm 0; } .diagram svg { max-width: 100%; height: auto; }
ol.parts { padding-left: 6mm; } ol.parts > li { margin: 0 0 3mm; break-inside: avoid; }
.space { border: 1px solid #bbb; border-radius: 2mm; height: 24mm; margin-top: 1.5mm; }
.space.tall { height: 40mm; }
ul.options { list-style: none; padding-left: 2mm; margin: 1mm 0; } ul.options li::before { content: "☐ "; }
.answer { margin-top: 1mm; padding: 1.5mm 3mm; background: #eef6ee; border-left: 3px solid #2d7a3a; font-family: "DejaVu Sans Mono", monospace; font-size: 10pt; }
.solution { margin-top: 3mm; padding: 2mm 4mm; border: 1px dashed #888; } .solution h3 { font-size: 11pt; margin: 0 0 1mm; }
table.key { border-collapse: collapse; width: 100%; font-size: 9.5pt; } table.key th, table.key td { border: 1px solid #999; padding: 1mm 2mm; text-align: left; vertical-align: top; }
.katex-display { margin: 1.5mm 0; }
`;

const WORDS = {
  en: { exam: 'Exam', variant: 'Variant', points: 'Points', name: 'Name', id: 'Student ID', key: 'Answer key', solution: 'Worked solution', problem: 'Problem', pts: 'points', manual: 'graded by hand' },
  cs: { exam: 'Zkouška', variant: 'Varianta', points: 'Body', name: 'Jméno', id: 'Číslo studenta', key: 'Klíč odpovědí', solution: 'Řešení', problem: 'Úloha', pts: 'bodů', manual: 'hodnotí vyučující' },
} satisfies Record<Lang, Record<string, string>>;

function document(title: string, lang: Lang, katexCss: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${katexCss}</style><style>${PRINT_CSS}</style></head><body>${body}</body></html>`;
}

function problemHtml(p: ExamProblem, index: number, lang: Lang, withKey: boolean): string {
  const w = WORDS[lang];
  const refs = withKey ? referenceValues(p.template, p.variant.params, p.variant.answers) : undefined;
  const parts = p.variant.parts
    .filter((part) => !part.optional || withKey)
    .map((part) => {
      const options = part.options ? `<ul class="options">${part.options.map((o) => `<li>${o.letter}) ${renderInline(o.label[lang])}</li>`).join('')}</ul>` : '';
      const ref = refs?.get(part.key);
      const answer = withKey
        ? `<div class="answer">${escapeHtml(
            !ref ? `(${w.manual})` : ref.kind === 'choice' ? ref.ids.map((id) => part.options?.find((o) => o.id === id)?.letter ?? id).join(', ') : formatAnswerValue(ref),
          )}</div>`
        : part.options
          ? ''
          : `<div class="space${part.type === 'matrix' || part.type === 'freeText' ? ' tall' : ''}"></div>`;
      return `<li>${renderInline(part.prompt[lang])}${options}${answer}</li>`;
    })
    .join('');
  const solution = withKey
    ? `<div class="solution"><h3>${w.solution}</h3><ol>${p.template.solution(p.variant.params, p.variant.answers, lang).map((s) => `<li>${renderInline(s)}</li>`).join('')}</ol></div>`
    : '';
  return `<section class="problem"><h2>${w.problem} ${index + 1}. ${escapeHtml(p.template.title[lang])} <span class="pts">(${p.points} ${w.pts})</span></h2>
${renderMathText(p.template.statement(p.variant.params, lang))}
${p.template.diagram ? `<div class="diagram">${p.template.diagram(p.variant.params)}</div>` : ''}
<ol class="parts">${parts}</ol>${solution}</section>`;
}

/** One printed variant, A4: the student's sheet, or the key with answers and worked solutions. */
export function renderVariantHtml(sheet: ExamVariant, lang: Lang, katexCss: string, withKey: boolean): string {
  const w = WORDS[lang];
  const total = sheet.problems.reduce((a, p) => a + p.points, 0);
  const title = `${w.exam}, ${w.variant}: ${sheet.label}${withKey ? ` (${w.key})` : ''}`;
  const body = `<header><h1>${escapeHtml(title)}</h1><div class="meta">${w.points} ${total}</div></header>
${withKey ? '' : `<p class="name">${w.name}: <span></span> ${w.id}: <span></span></p>`}
${sheet.problems.map((p, i) => problemHtml(p, i, lang, withKey)).join('\n')}`;
  return document(title, lang, katexCss, body);
}

/** The combined answer key of all variants on one page. */
export function renderAnswerKeyHtml(examSeed: string, rows: AnswerKeyRow[], lang: Lang, katexCss: string): string {
  const w = WORDS[lang];
  const body = `<header><h1>${escapeHtml(`${w.exam}: ${w.key}`)}</h1><div class="meta">seed ${escapeHtml(examSeed)}</div></header>
<table class="key"><thead><tr><th>${w.variant}</th><th>${w.problem}</th><th>part</th><th>answer</th><th>${w.points}</th></tr></thead><tbody>${rows
    .map((r) => `<tr><td>${r.variant}</td><td>${escapeHtml(r.problem)}</td><td>${escapeHtml(r.part)}</td><td>${escapeHtml(r.answer)}</td><td>${r.points}</td></tr>`)
    .join('')}</tbody></table>`;
  return document(`${w.exam}: ${w.key}`, lang, katexCss, body);
}
