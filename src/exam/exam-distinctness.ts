import { gradedAnswerIdentities } from '../engine/answer-identity.ts';
import type { Lang } from '../engine/template.ts';
import type { ExamVariant } from './exam-variant.ts';

/** Graded answers that two or more variants of one exam share, compared up to row order. */
export interface SharedAnswer {
  problem: string;
  answer: string;
  headline: boolean;
  /** Each group of labels that share one value, e.g. [["A", "F"]]. */
  groups: string[][];
}

export interface ExamDistinctness {
  /** No two variants share any graded answer of any problem. */
  allGradedDiffer: boolean;
  /** No two variants share any problem's headline answer. */
  headlinesDiffer: boolean;
  shared: SharedAnswer[];
}

/** Which answers the variants share: what the key states, so a proctor knows what seating must cover. */
export function describeDistinctness(variants: readonly ExamVariant[]): ExamDistinctness {
  const byAnswer = new Map<
    string,
    { problem: string; answer: string; headline: boolean; labels: Map<string, string[]> }
  >();
  for (const v of variants) {
    for (const p of v.problems) {
      for (const [answer, identity] of gradedAnswerIdentities(p.template, p.variant.params, p.variant.answers)) {
        const key = `${p.template.id}\u0000${answer}`;
        const entry = byAnswer.get(key) ?? {
          problem: p.template.id,
          answer,
          headline: answer === p.template.headline,
          labels: new Map<string, string[]>(),
        };
        entry.labels.set(identity, [...(entry.labels.get(identity) ?? []), v.label]);
        byAnswer.set(key, entry);
      }
    }
  }
  const shared: SharedAnswer[] = [];
  for (const e of byAnswer.values()) {
    const groups = [...e.labels.values()].filter((labels) => labels.length > 1);
    if (groups.length > 0) shared.push({ problem: e.problem, answer: e.answer, headline: e.headline, groups });
  }
  return { allGradedDiffer: shared.length === 0, headlinesDiffer: shared.every((s) => !s.headline), shared };
}

/** The key's sentence about it, e.g. "All variants differ in every graded answer." */
export function distinctnessText(d: ExamDistinctness, variants: number, lang: Lang): string {
  if (variants < 2) return '';
  if (d.allGradedDiffer)
    return lang === 'cs'
      ? 'Všechny varianty se liší v každé hodnocené odpovědi.'
      : 'All variants differ in every graded answer.';
  const list = d.shared
    .map((s) => `${s.problem} ${s.answer} (${s.groups.map((g) => g.join(' = ')).join(', ')})`)
    .join('; ');
  const head = d.headlinesDiffer
    ? lang === 'cs'
      ? 'Všechny varianty se liší ve výsledku každé úlohy; tyto dílčí odpovědi se opakují'
      : "All variants differ in every problem's headline answer; these graded answers repeat"
    : lang === 'cs'
      ? 'Některé varianty sdílejí výsledek úlohy'
      : 'Some variants share a headline answer';
  return `${head}: ${list}.`;
}
