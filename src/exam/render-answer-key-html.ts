import type { Lang } from '../engine/template.ts';
import { html } from '../render/html.ts';
import type { AnswerKeyRow } from './answer-key.ts';
import { formatPoints, WORDS } from './exam-words.ts';
import type { PaperOptions } from './paper-options.ts';
import { printDocument } from './print-document.ts';

/** The combined answer key: one table per variant, rows numbered as on the sheets. */
export function renderAnswerKeyHtml(
  examSeed: string,
  rows: AnswerKeyRow[],
  lang: Lang,
  katexCss: string,
  distinctness = '',
  paper: PaperOptions = {},
): string {
  const w = WORDS[lang];
  const labels = [...new Set(rows.map((r) => r.variant))];
  const sections = labels.map((label) => {
    const mine = rows.filter((r) => r.variant === label);
    const total = mine.reduce((a, r) => a + r.points, 0);
    const body = mine.map(
      (r, i) =>
        html`<tr class="${i > 0 && mine[i - 1]?.problem !== r.problem ? 'first' : ''}"><td class="num">${r.question}</td><td>${r.problem}</td><td>${r.part}</td><td class="ans">${r.answer}</td><td class="num">${formatPoints(r.points, lang)}</td></tr>`,
    );
    return html`<section class="key-variant"><h2>${w.variant} ${label} <span class="pts">(${w.points} ${formatPoints(total, lang)})</span></h2>
<table class="key"><thead><tr><th class="num">#</th><th>${w.problem}</th><th>${w.part}</th><th>${w.answer}</th><th class="num">${w.points}</th></tr></thead><tbody>${body}</tbody></table></section>`;
  });
  const heading = `${w.exam}: ${w.key}`;
  const header = html`<header class="sheet">${paper.course && html`<p class="course">${paper.course}</p>`}<h1><span>${heading}</span></h1>${
    paper.date && html`<p class="facts"><span>${w.date}: ${paper.date}</span></p>`
  }<span class="badge">${w.keyBadge}</span><span class="seed">${w.seed}: ${examSeed}</span></header>`;
  const note = distinctness && html`<p class="distinct">${distinctness}</p>\n`;
  return printDocument(
    `${paper.course ? `${paper.course} — ` : ''}${heading}`,
    lang,
    katexCss,
    html`${header}\n${note}${sections}`,
    `${paper.course ? `${paper.course} · ` : ''}${w.exam} · ${w.key}`,
  );
}
