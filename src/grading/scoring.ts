/**
 * The one home of points. Every number a student, an instructor or the LMS gradebook sees comes
 * from here: part points, problem and attempt totals, the retry penalty, manual scores, regrade
 * overrides, rounding, and the activity's best/last policy over a student's attempts.
 * Pure: values in, values out; the callers (submit, deadline, manual grading, regrade, resend,
 * reconciliation, paper exams, Moodle XML, QTI) do the I/O.
 */
import type { PartRegrade } from './grade-submission.ts';
import type { Tolerance } from '../engine/template.ts';

/** Points are kept to 1e-6: 0.1 + 0.2 never reaches a gradebook, and sums of parts stay exact. */
export function roundPoints(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** What scoring needs of a part's definition: its weight in the template and whether it is a bonus. */
export interface WeightedPart {
  key: string;
  /** The template's weight: only the ratios between parts matter. */
  points: number;
  /** A bonus part: never counted in the maximum, never lifts a problem above its points. */
  optional: boolean;
}

/** Parts that count towards a problem's points; bonus parts are extras on top (online only). */
export function requiredParts<P extends WeightedPart>(parts: readonly P[]): P[] {
  return parts.filter((p) => !p.optional);
}

/**
 * Graders mark in whole, half or quarter points, so the first step that keeps parts of equal weight
 * equal, gives every part something and strays at most 20 % from the exact share wins; largest
 * remainders make the parts add up to the problem's points exactly.
 */
const STEPS = [1, 0.5, 0.25, 0.1, 0.05];
const MAX_DEVIATION = 0.2;
/** When no step is fair (10 points over three equal parts), cents keep the total exact. */
const FALLBACK_STEP = 0.01;

export interface PartPoints {
  points: number;
  bonus: boolean;
}

/**
 * Points of every part of a problem worth `total`: the required parts add up to `total` exactly
 * (the same rule online, on paper, in Moodle XML and QTI), a bonus part gets its share on the same
 * grid. Keyed by part key.
 */
export function problemPartPoints(parts: readonly WeightedPart[], total: number): Map<string, PartPoints> {
  const required = requiredParts(parts);
  const weight = required.reduce((a, p) => a + p.points, 0);
  const out = new Map<string, PartPoints>();
  if (required.length === 0 || weight <= 0) {
    for (const p of parts) out.set(p.key, { points: 0, bonus: p.optional });
    return out;
  }
  const { points, step } = apportionPoints(
    required.map((p) => (p.points / weight) * total),
    required,
    total,
  );
  required.forEach((p, i) => out.set(p.key, { points: points[i] as number, bonus: false }));
  for (const p of parts) {
    if (!p.optional) continue;
    const share = (p.points / weight) * total;
    out.set(p.key, { points: roundPoints(Math.max(step, Math.round(share / step) * step)), bonus: true });
  }
  return out;
}

/** Points of each required part of a problem worth `total` (paper sheets, keys and exports print these). */
export function partPoints(parts: readonly WeightedPart[], total: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, p] of problemPartPoints(parts, total)) if (!p.bonus) out.set(key, p.points);
  return out;
}

function apportionPoints(
  exact: number[],
  parts: readonly WeightedPart[],
  total: number,
): { points: number[]; step: number } {
  for (const step of STEPS) {
    const units = apportion(
      exact.map((x) => x / step),
      Math.round(total / step),
    );
    if (!units) continue;
    const pts = units.map((u) => roundPoints(u * step));
    const fair = parts.every((p, i) => {
      const mine = pts[i] as number;
      const share = exact[i] as number;
      return (
        mine > 0 &&
        Math.abs(mine - share) <= MAX_DEVIATION * share &&
        parts.every((q, j) => q.points !== p.points || pts[j] === mine)
      );
    });
    if (fair) return { points: pts, step };
  }
  const cents = apportion(
    exact.map((x) => x / FALLBACK_STEP),
    Math.round(total / FALLBACK_STEP),
  );
  return {
    points: exact.map((x, i) => roundPoints(cents ? (cents[i] as number) * FALLBACK_STEP : x)),
    step: FALLBACK_STEP,
  };
}

/** Largest-remainder rounding of `quotas` to integers summing to `target`; undefined if target is off-grid. */
function apportion(quotas: number[], target: number): number[] | undefined {
  const sum = quotas.reduce((a, q) => a + q, 0);
  if (Math.abs(sum - target) > 1e-6) return undefined;
  const units = quotas.map((q) => Math.floor(q + 1e-9));
  let left = target - units.reduce((a, u) => a + u, 0);
  const order = quotas.map((q, i) => ({ i, r: q - Math.floor(q + 1e-9) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    units[i] = (units[i] as number) + 1;
    left--;
  }
  return units;
}

/** One part as scoring sees it: the grader's verdict and what the instructor decided about it. */
export interface PartVerdict {
  problemIndex: number;
  partKey: string;
  /** The grader's share of the part, 0..1 (0 while it waits for a person). */
  score: number;
  /** Free text or an unreadable answer, waiting for the instructor. */
  pendingManual: boolean;
  /** The instructor's share of the part, 0..1: replaces the grader's. */
  manualScore?: number;
}

export interface ScoredPart {
  problemIndex: number;
  partKey: string;
  /** The share that counts: the instructor's if given, else the grader's. */
  score: number;
  points: number;
  maxPoints: number;
  bonus: boolean;
}

export interface ProblemScore {
  points: number;
  maxPoints: number;
}

export interface AttemptScore {
  parts: ScoredPart[];
  problems: ProblemScore[];
  /** Before the retry penalty. */
  rawPoints: number;
  /** What counts: after the retry penalty. */
  points: number;
  maxPoints: number;
  /** 0..1 of rawPoints and points. */
  rawScore: number;
  scoreFraction: number;
  penaltyFactor: number;
  pendingManual: boolean;
}

/** Practice mode: each retry is worth `declinePerRetry` less of the whole, never below nothing. */
export function retryPenaltyFactor(declinePerRetry: number, attemptNumber: number): number {
  return Math.max(0, 1 - declinePerRetry * (attemptNumber - 1));
}

/** The share of a part that counts. */
export function effectiveShare(v: Pick<PartVerdict, 'score' | 'pendingManual' | 'manualScore'>): number {
  return v.manualScore ?? (v.pendingManual ? 0 : v.score);
}

/**
 * An attempt's score from its parts: each problem is its required parts plus its bonus parts,
 * capped at the problem's points; the attempt is the sum of its problems times the retry penalty.
 */
export function scoreAttempt(
  problems: ReadonlyArray<{ points: number; parts: readonly WeightedPart[] }>,
  verdicts: readonly PartVerdict[],
  attemptNumber: number,
  declinePerRetry: number,
): AttemptScore {
  const plans = problems.map((p) => problemPartPoints(p.parts, p.points));
  const parts: ScoredPart[] = verdicts.map((v) => {
    const plan = plans[v.problemIndex]?.get(v.partKey) ?? { points: 0, bonus: false };
    const score = effectiveShare(v);
    return {
      problemIndex: v.problemIndex,
      partKey: v.partKey,
      score,
      points: roundPoints(score * plan.points),
      maxPoints: plan.points,
      bonus: plan.bonus,
    };
  });
  const problemScores = problemScoresOf(
    problems.map((p) => p.points),
    parts,
  );
  const rawPoints = roundPoints(problemScores.reduce((a, p) => a + p.points, 0));
  const maxPoints = roundPoints(problems.reduce((a, p) => a + p.points, 0));
  const penaltyFactor = retryPenaltyFactor(declinePerRetry, attemptNumber);
  const points = roundPoints(rawPoints * penaltyFactor);
  return {
    parts,
    problems: problemScores,
    rawPoints,
    points,
    maxPoints,
    rawScore: fractionOf(rawPoints, maxPoints),
    scoreFraction: fractionOf(points, maxPoints),
    penaltyFactor,
    pendingManual: verdicts.some((v) => v.pendingManual && v.manualScore === undefined),
  };
}

/** Each problem's points: its parts' points (bonus included), capped at what the problem is worth. */
export function problemScoresOf(
  problemPoints: readonly number[],
  parts: ReadonlyArray<Pick<ScoredPart, 'problemIndex' | 'points'>>,
): ProblemScore[] {
  return problemPoints.map((max, i) => {
    const earned = parts.filter((s) => s.problemIndex === i).reduce((a, s) => a + s.points, 0);
    return { points: roundPoints(Math.min(max, earned)), maxPoints: max };
  });
}

function fractionOf(points: number, max: number): number {
  return max > 0 ? roundPoints(Math.min(1, points / max)) : 0;
}

/**
 * The score of the graded parts alone, weighted by their template weights, bonus parts on top and
 * capped at 1: what the command line reports for "these answers" without an activity.
 */
export function scoreOverParts(
  parts: readonly WeightedPart[],
  verdicts: ReadonlyArray<Pick<PartVerdict, 'partKey' | 'score' | 'pendingManual' | 'manualScore'>>,
): number {
  const weightOf = (key: string) => parts.find((p) => p.key === key);
  const weight = verdicts.reduce(
    (a, v) => a + (weightOf(v.partKey)?.optional === false ? (weightOf(v.partKey)?.points ?? 0) : 0),
    0,
  );
  if (weight <= 0) return 0;
  const earned = verdicts.reduce((a, v) => a + effectiveShare(v) * (weightOf(v.partKey)?.points ?? 0), 0);
  return roundPoints(Math.min(1, earned / weight));
}

/** A manual grade given in points, as the share of the part it is stored as. */
export function manualShare(points: number, maxPoints: number): number | undefined {
  if (!Number.isFinite(points) || points < 0 || maxPoints <= 0 || points > maxPoints + 1e-9) return undefined;
  return roundPoints(Math.min(1, points / maxPoints));
}

/** One instructor decision to apply to one part of every submission of an activity. */
export interface RegradeRule {
  problemIndex: number;
  partKey: string;
  action: 'tolerance' | 'accept' | 'discount';
  /** For 'tolerance': the new relative tolerance, in percent. */
  relativePercent?: number;
  /** For 'accept': an answer to accept, typed as a student would. */
  accepted?: string;
}

/**
 * The overrides every grading of the activity applies, from the rules the instructor applied so far
 * (in order): a discounted part stays discounted, accepted answers add up, the last tolerance wins.
 */
export function regradeOverrides(rules: readonly RegradeRule[]): Map<number, Record<string, PartRegrade>> {
  const out = new Map<number, Record<string, PartRegrade>>();
  for (const rule of rules) {
    const byPart = out.get(rule.problemIndex) ?? {};
    const prev = byPart[rule.partKey] ?? {};
    let next: PartRegrade;
    if (rule.action === 'discount') next = { ...prev, discount: true };
    else if (rule.action === 'accept')
      next = { ...prev, accepted: [...(prev.accepted ?? []), ...(rule.accepted ? [rule.accepted] : [])] };
    else {
      const tolerance: Tolerance = { kind: 'relative', rel: (rule.relativePercent ?? 1) / 100, absFloor: 1e-9 };
      next = { ...prev, tolerance };
    }
    byPart[rule.partKey] = next;
    out.set(rule.problemIndex, byPart);
  }
  return out;
}

/** What the policy needs of one attempt: its current (latest graded) score. */
export interface AttemptResult {
  attemptNumber: number;
  points: number;
  maxPoints: number;
  scoreFraction: number;
  pendingManual: boolean;
}

export type ScorePolicy = 'best' | 'last';

export interface GradebookScore {
  scoreGiven: number;
  scoreMaximum: number;
  /** The attempt whose score is sent. */
  attemptNumber: number;
  /** The score may still change by the instructor's hand. */
  pendingManual: boolean;
}

/**
 * The score the gradebook holds for a student: the activity's policy over all their graded
 * attempts. 'best' waits for the instructor while any attempt does (a graded part could make it
 * the best); 'last' only while the last does. Undefined before the first submission.
 */
export function policyScore(policy: ScorePolicy, attempts: readonly AttemptResult[]): GradebookScore | undefined {
  if (attempts.length === 0) return undefined;
  const ordered = [...attempts].sort((a, b) => a.attemptNumber - b.attemptNumber);
  const last = ordered[ordered.length - 1] as AttemptResult;
  // The earliest best attempt: a later tie does not move the grade.
  const chosen =
    policy === 'last' ? last : ordered.reduce((best, a) => (a.scoreFraction > best.scoreFraction ? a : best));
  const pendingManual = policy === 'last' ? last.pendingManual : ordered.some((a) => a.pendingManual);
  return {
    scoreGiven: chosen.points,
    scoreMaximum: chosen.maxPoints,
    attemptNumber: chosen.attemptNumber,
    pendingManual,
  };
}
