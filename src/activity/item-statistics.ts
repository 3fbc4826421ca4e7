import type { SubmittedPart } from '../store/models/submission.ts';

/** One student's graded attempt as the statistics read it. */
export interface GradedResponse {
  parts: readonly SubmittedPart[];
  /** The attempt's points before the retry penalty (ranks students for discrimination). */
  points: number;
}

export interface PartStatistics {
  problemIndex: number;
  templateId: string;
  partKey: string;
  /** Students whose attempt has this part. */
  students: number;
  /** Non-blank answers: a blank is not an answer, whatever it scored. */
  answered: number;
  /** Facility: the mean share of the part's points over the students graded (a blank counts 0). */
  facility: number;
  shareCorrect: number;
  /**
   * Upper-lower 27 % discrimination: the facility among the best 27 % of students, ranked by their
   * points without this part, minus that among the lowest 27 %; undefined with too few students.
   */
  discrimination: number | undefined;
  /** Wrong answers grouped by how they were read (canonical form), most common first. */
  commonWrong: Array<{ answer: string; count: number; mistake?: string }>;
}

/** Below this many students the 27 % groups hold one or two people, and the index is noise. */
export const MIN_STUDENTS_FOR_DISCRIMINATION = 10;

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Item statistics over each student's current graded attempt (pure: graded parts in, numbers out). */
export function partStatistics(responses: readonly GradedResponse[]): PartStatistics[] {
  return [...rowsByPart(responses).values()].map(({ key: k, rows }) => {
    // A part still waiting for the instructor has no score yet: it is left out of the figures.
    const graded = rows.filter((r) => !r.part.pendingManual);
    const wrong = new Map<string, { count: number; mistake?: string }>();
    for (const { part } of graded) {
      if (part.score === 1 || part.raw.trim() === '') continue;
      const read = part.parsed.ok ? (part.parsed.echo ?? part.raw) : `(unreadable) ${part.raw}`;
      const w = wrong.get(read) ?? { count: 0, ...(part.mistake ? { mistake: part.mistake } : {}) };
      w.count++;
      wrong.set(read, w);
    }
    return {
      ...k,
      students: rows.length,
      answered: rows.filter((r) => r.part.raw.trim() !== '').length,
      facility: mean(graded.map((r) => r.part.score)),
      shareCorrect: graded.length ? graded.filter((r) => r.part.score === 1).length / graded.length : 0,
      discrimination: upperLowerIndex(graded.map((r) => ({ item: r.part.score, rest: r.points - r.part.points }))),
      commonWrong: [...wrong.entries()]
        .map(([answer, w]) => ({ answer, count: w.count, ...(w.mistake ? { mistake: w.mistake } : {}) }))
        .sort((a, b) => b.count - a.count)
        .slice(0, 5),
    };
  });
}

/**
 * Each part's rows (its first occurrence in each response), named as in the last response that
 * has it, in one pass: each part searching every response for itself cost the results page the
 * square of an exam's parts times its students.
 */
function rowsByPart(responses: readonly GradedResponse[]) {
  const byPart = new Map<
    string,
    {
      key: { problemIndex: number; templateId: string; partKey: string };
      rows: Array<{ part: SubmittedPart; points: number }>;
      last: GradedResponse;
    }
  >();
  for (const r of responses)
    for (const part of r.parts) {
      const id = `${part.problemIndex}:${part.partKey}`;
      const entry = byPart.get(id);
      if (!entry) {
        const key = { problemIndex: part.problemIndex, templateId: part.templateId, partKey: part.partKey };
        byPart.set(id, { key, rows: [{ part, points: r.points }], last: r });
      } else {
        entry.key.templateId = part.templateId;
        if (entry.last !== r) entry.rows.push({ part, points: r.points });
        entry.last = r;
      }
    }
  return byPart;
}

/**
 * Kelley's upper-lower index: students ranked by the rest of their score (the part itself left
 * out, so a part does not discriminate by correlating with itself), facility of the top 27 % minus
 * that of the bottom 27 %. From -1 to 1; below about 0.2 the part does not tell strong students
 * from weak ones.
 */
export function upperLowerIndex(rows: ReadonlyArray<{ item: number; rest: number }>): number | undefined {
  if (rows.length < MIN_STUDENTS_FOR_DISCRIMINATION) return undefined;
  const ranked = [...rows].sort((a, b) => a.rest - b.rest);
  const n = Math.max(1, Math.round(rows.length * 0.27));
  return mean(ranked.slice(-n).map((r) => r.item)) - mean(ranked.slice(0, n).map((r) => r.item));
}

export interface VariantStatistics {
  problemIndex: number;
  /** What names the variant for the instructor: the printed label, or the parameters as written. */
  label: string;
  students: number;
  meanScore: number;
  /** The typical variant of the problem: the median of the means of variants with enough students. */
  typicalMean: number;
  /** Far from the typical variant of its problem, with enough students to say so. */
  outlier: boolean;
}

/** A variant is judged only with at least this many students on it. */
export const MIN_STUDENTS_PER_VARIANT = 5;
/** How far (in share of the problem) a variant's mean must be from the typical one to matter to a grader. */
const MIN_GAP = 0.2;
/** And how sure: a mean this many standard errors away is rarely chance. */
const MIN_Z = 2.5;

/**
 * Mean score per variant of each problem. A variant is flagged when, with at least 5 students on
 * it, its mean is at least 20 % of the problem away from the median of the variant means (the
 * median, so one odd variant does not drag the reference) and at least 2.5 standard errors away.
 * With one or two students a variant's mean says who drew it, not how hard it is.
 */
export function variantStatistics(
  rows: ReadonlyArray<{ problemIndex: number; variantKey: string; label: string; score: number }>,
): VariantStatistics[] {
  const groups = new Map<string, { problemIndex: number; label: string; scores: number[] }>();
  for (const r of rows) {
    const key = `${r.problemIndex}\u0000${r.variantKey}`;
    const g = groups.get(key) ?? { problemIndex: r.problemIndex, label: r.label, scores: [] };
    g.scores.push(r.score);
    groups.set(key, g);
  }
  const all = [...groups.values()];
  // Per problem, once: the typical variant's mean and the spread of all the problem's scores. A
  // class whose students each drew their own variant has as many groups as attempts, and working
  // these out again per group is quadratic in them, on the thread that answers every request.
  const byProblem = new Map<number, ProblemReference>();
  for (const problemIndex of new Set(all.map((g) => g.problemIndex))) {
    const sameProblem = all.filter((o) => o.problemIndex === problemIndex);
    const judged = sameProblem.filter((o) => o.scores.length >= MIN_STUDENTS_PER_VARIANT);
    byProblem.set(problemIndex, {
      typical: median(judged.map((o) => mean(o.scores))),
      sd: Math.sqrt(variance(sameProblem.flatMap((o) => o.scores))),
      judged: judged.length,
    });
  }
  return all.map((g) => {
    const { typical, sd, judged } = byProblem.get(g.problemIndex) as ProblemReference;
    const m = mean(g.scores);
    const z = sd > 0 ? (m - typical) / (sd / Math.sqrt(g.scores.length)) : 0;
    const outlier =
      judged >= 2 &&
      g.scores.length >= MIN_STUDENTS_PER_VARIANT &&
      Math.abs(m - typical) >= MIN_GAP &&
      Math.abs(z) >= MIN_Z;
    return {
      problemIndex: g.problemIndex,
      label: g.label,
      students: g.scores.length,
      meanScore: m,
      typicalMean: typical,
      outlier,
    };
  });
}

/** What a problem's variants are judged against: its typical variant mean, its spread, and how many variants were judged. */
interface ProblemReference {
  typical: number;
  sd: number;
  judged: number;
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function variance(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.length > 1 ? xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) : 0;
}

/** A variant's parameters as a person writes them: "x = [2, 4], gamma = 6", not JSON. */
export function readableParams(params: unknown): string {
  if (typeof params !== 'object' || params === null) return String(params);
  return Object.entries(params as Record<string, unknown>)
    .map(([k, v]) => `${k} = ${readableValue(v)}`)
    .join(', ');
}

function readableValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(readableValue).join(', ')}]`;
  if (typeof v === 'number') return String(Number(v.toPrecision(8)));
  if (typeof v === 'object' && v !== null) return `{${readableParams(v)}}`;
  return String(v);
}

/** Counts of scores (0..1) in ten bins of 10 %; a full score goes in the last bin. */
export function scoreHistogram(scores: readonly number[], bins = 10): number[] {
  const counts = Array.from({ length: bins }, () => 0);
  for (const s of scores) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor(s * bins + 1e-9)));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}
