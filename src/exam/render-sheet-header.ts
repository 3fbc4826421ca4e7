import type { Lang } from '../engine/template.ts';
import { html, type HtmlSafeString } from '../render/html.ts';
import type { ExamVariant } from './assemble-exam.ts';
import { formatPoints, minutesPhrase, pointsPhrase, problemsPhrase, WORDS } from './exam-words.ts';
import { DEFAULT_INSTRUCTIONS, type PaperOptions } from './paper-options.ts';

const totalPoints = (sheet: ExamVariant): number => sheet.problems.reduce((a, p) => a + p.points, 0);

/** "Exam, Variant: A" and the total, as one heading (the separator shows when styles are off). */
function examHeading(sheet: ExamVariant, lang: Lang): HtmlSafeString {
  const w = WORDS[lang];
  return html`<h1><span>${w.exam}, ${w.variant}: ${sheet.label}</span><span class="sep">, </span><span class="total">${w.points} ${formatPoints(totalPoints(sheet), lang)}</span></h1>`;
}

/** Date and duration on one line: "Date: 12 January 2027 · Duration: 90 minutes". */
function factsLine(paper: PaperOptions, lang: Lang): HtmlSafeString | false {
  const w = WORDS[lang];
  const facts = [
    paper.date && html`<span>${w.date}: ${paper.date}</span>`,
    paper.durationMinutes && html`<span>${w.duration}: ${minutesPhrase(paper.durationMinutes, lang)}</span>`,
  ].filter((f): f is HtmlSafeString => Boolean(f));
  return facts.length > 0 && html`<p class="facts">${facts}</p>`;
}

function instructionsList(lines: readonly string[]): HtmlSafeString {
  return html`<ul class="instructions">${lines.map((l) => html`<li>${l}</li>`)}</ul>`;
}

/** Name and ID lines, and a table for the grader's marks per problem. */
export function studentBlock(sheet: ExamVariant, lang: Lang): HtmlSafeString {
  const w = WORDS[lang];
  return html`<div class="student"><div class="fields"><div class="field">${w.name}: <span class="line"></span></div><div class="field">${w.id}: <span class="line"></span></div></div>
<table class="score"><tr><th>${w.problem}</th>${sheet.problems.map((_p, i) => html`<th>${i + 1}</th>`)}<th>${w.total}</th></tr><tr><td></td>${sheet.problems.map(
    (p) => html`<td>/ ${formatPoints(p.points, lang)}</td>`,
  )}<td>/ ${formatPoints(totalPoints(sheet), lang)}</td></tr><tr><td class="blank"></td>${sheet.problems.map(
    () => html`<td class="blank"></td>`,
  )}<td class="blank"></td></tr></table></div>`;
}

/** The top of the first page when there is no cover: course, heading, date and duration, instructions. */
export function sheetHeader(sheet: ExamVariant, lang: Lang, paper: PaperOptions, withKey: boolean): HtmlSafeString {
  const w = WORDS[lang];
  return html`<header class="sheet">${paper.course && html`<p class="course">${paper.course}</p>`}${examHeading(sheet, lang)}${factsLine(paper, lang)}${
    withKey && html`<span class="badge">${w.keyBadge}</span>`
  }</header>${!withKey && paper.instructions && instructionsList(paper.instructions)}`;
}

/**
 * A page of its own before the problems: the course, the exam and variant, date, duration, the
 * number of problems and points, the name and ID fields with the grader's table, and the
 * instructions (the language's defaults when none were given).
 */
export function coverPage(sheet: ExamVariant, lang: Lang, paper: PaperOptions): HtmlSafeString {
  const w = WORDS[lang];
  const facts = [
    paper.date && html`<dt>${w.date}</dt><dd>${paper.date}</dd>`,
    paper.durationMinutes && html`<dt>${w.duration}</dt><dd>${minutesPhrase(paper.durationMinutes, lang)}</dd>`,
    html`<dt>${w.problems}</dt><dd>${problemsPhrase(sheet.problems.length, lang)}, ${pointsPhrase(totalPoints(sheet), lang)}</dd>`,
  ];
  return html`<section class="cover">${paper.course && html`<p class="course">${paper.course}</p>`}<header class="sheet">${examHeading(sheet, lang)}</header>
<dl class="facts">${facts}</dl>
${studentBlock(sheet, lang)}
<h2>${w.instructions}</h2>${instructionsList(paper.instructions ?? DEFAULT_INSTRUCTIONS[lang])}
<p class="turn">${w.turnOver}</p></section>`;
}
