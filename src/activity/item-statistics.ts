import type { SubmissionDoc } from '../store/models/submission.ts';

export interface PartStatistics {
  problemIndex: number;
  templateId: string;
  partKey: string;
  answered: number;
  meanScore: number;
  shareCorrect: number;
  /** Wrong answers grouped by how they were read (canonical form), most common first. */
  commonWrong: Array<{ answer: string; count: number; mistake?: string }>;
}

export interface VariantStatistics {
  key: string;
  submissions: number;
  meanScore: number;
  /** Mean more than two standard deviations from the mean of the variant means: maybe unfair. */
  outlier: boolean;
}

/** Item statistics over the latest submission of each attempt (pure: submissions in, numbers out). */
export function partStatistics(submissions: readonly SubmissionDoc[]): PartStatistics[] {
  const byPart = new Map<string, { stats: PartStatistics; wrong: Map<string, { count: number; mistake?: string }>; total: number; correct: number }>();
  for (const s of submissions) {
    for (const p of s.parts) {
      if (p.pendingManual) continue;
      const key = `${p.problemIndex}:${p.partKey}`;
      let entry = byPart.get(key);
      if (!entry) {
        entry = { stats: { problemIndex: p.problemIndex, templateId: p.templateId, partKey: p.partKey, answered: 0, meanScore: 0, shareCorrect: 0, commonWrong: [] }, wrong: new Map(), total: 0, correct: 0 };
        byPart.set(key, entry);
      }
      entry.stats.answered++;
      entry.total += p.score;
      if (p.score === 1) entry.correct++;
      else if (p.raw.trim() !== '') {
        const read = p.parsed.ok ? (p.parsed.echo ?? p.raw) : `(unreadable) ${p.raw}`;
        const w = entry.wrong.get(read) ?? { count: 0, ...(p.mistake ? { mistake: p.mistake } : {}) };
        w.count++;
        entry.wrong.set(read, w);
      }
    }
  }
  return [...byPart.values()].map(({ stats, wrong, total, correct }) => ({
    ...stats,
    meanScore: stats.answered ? total / stats.answered : 0,
    shareCorrect: stats.answered ? correct / stats.answered : 0,
    commonWrong: [...wrong.entries()]
      .map(([answer, w]) => ({ answer, count: w.count, ...(w.mistake ? { mistake: w.mistake } : {}) }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 5),
  }));
}

/** Mean score per variant (grouped by `variantKey`), flagging variants far from the others. */
export function variantStatistics(rows: ReadonlyArray<{ variantKey: string; score: number }>): VariantStatistics[] {
  const groups = new Map<string, number[]>();
  for (const r of rows) groups.set(r.variantKey, [...(groups.get(r.variantKey) ?? []), r.score]);
  const means = [...groups.entries()].map(([key, scores]) => ({ key, submissions: scores.length, meanScore: scores.reduce((a, b) => a + b, 0) / scores.length }));
  const overall = means.reduce((a, m) => a + m.meanScore, 0) / Math.max(1, means.length);
  const sd = Math.sqrt(means.reduce((a, m) => a + (m.meanScore - overall) ** 2, 0) / Math.max(1, means.length));
  return means.map((m) => ({ ...m, outlier: means.length >= 3 && sd > 0 && Math.abs(m.meanScore - overall) > 2 * sd }));
}
