import type { Lang } from '../engine/template.ts';
import { escapeHtml } from '../render/escape-html.ts';
import type { AnswerKeyRow } from './answer-key.ts';
import { formatPoints, WORDS } from './exam-words.ts';
import { printDocument } from './print-document.ts';

/** The combined answer key: one table per variant, rows numbered as on the sheets. */
export function renderAnswerKeyHtml(
  examSeed: string,
  rows: AnswerKeyRow[],
  lang: Lang,
  katexCss: string,
  distinctness = '',
): string {
  const w = WORDS[lang];
  const labels = [...new Set(rows.map((r) => r.variant))];
  const sections = labels.map((label) => {
    const mine = rows.filter((r) => r.variant === label);
    const total = mine.reduce((a, r) => a + r.points, 0);
    const body = mine
      .map(
        (r, i) =>
          `<tr${i > 0 && mine[i - 1]?.problem !== r.problem ? ' class="first"' : ''}><td class="num">${r.question}</td><td>${escapeHtml(r.problem)}</td><td>${escapeHtml(r.part)}</td><td class="ans">${escapeHtml(r.answer)}</td><td class="num">${formatPoints(r.points, lang)}</td></tr>`,
      )
      .join('');
    return `<section class="key-variant"><h2>${w.variant} ${escapeHtml(label)} <span class="pts">(${w.points} ${formatPoints(total, lang)})</span></h2>
<table class="key"><thead><tr><th class="num">#</th><th>${w.problem}</th><th>${w.part}</th><th>${w.answer}</th><th class="num">${w.points}</th></tr></thead><tbody>${body}</tbody></table></section>`;
  });
  const heading = `${w.exam}: ${w.key}`;
  const header = `<header class="sheet"><h1><span>${escapeHtml(heading)}</span></h1><span class="badge">${w.keyBadge}</span><span class="seed">${w.seed}: ${escapeHtml(examSeed)}</span></header>`;
  const note = distinctness ? `<p class="distinct">${escapeHtml(distinctness)}</p>\n` : '';
  return printDocument(heading, lang, katexCss, `${header}\n${note}${sections.join('\n')}`, `${w.exam} · ${w.key}`);
}
