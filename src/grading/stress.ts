import { gradedAnswerIdentities } from '../engine/answer-identity.ts';
import { generateVariant } from '../engine/generate-variant.ts';
import { selfTestVariant } from './self-test.ts';
import type { AnyTemplate, GenerateOptions } from '../engine/template.ts';

/**
 * The spread rule for exam-friendly variants: over 1,000 seeds every graded answer takes at least
 * 10 values (up to row order) and no value is shared by more than a fifth of the variants, so a
 * neighbour's answer or a leaked key is rarely worth anything.
 */
export const SPREAD_RULE = { minDistinctPer1000: 10, maxShare: 0.2 } as const;
/** Below this many seeds a distinct count says little about the family, so only the share is checked. */
const MIN_SEEDS_FOR_DISTINCT = 100;

export interface AnswerSpread {
  /** Distinct values over the seeds, compared up to row order (see answerIdentity). */
  distinct: number;
  /** The share of the seeds that got the most common value, 0..1. */
  largestShare: number;
  mostCommon: Array<{ value: string; count: number }>;
}

export interface StressReport {
  problem: string;
  version: number;
  seeds: number;
  distinctParams: number;
  distinctAnswers: number;
  slowestMs: number;
  slowestSeed: string;
  meanMs: number;
  /** Per graded answer (choice and free-text parts excluded): how widely it spreads. */
  spread: Record<string, AnswerSpread>;
  /** Graded answers that break the spread rule, with the reason. */
  spreadFailures: Array<{ answer: string; problem: string }>;
  failures: Array<{ seed: string; problem: string }>;
}

/**
 * Generates `seeds` variants and checks each: constraints held (generation throws otherwise),
 * answers equal a fresh solve of the stored params, and the variant's self-test passes. Then
 * measures the spread of every graded answer and checks it against SPREAD_RULE.
 */
export function stressTemplate(
  template: AnyTemplate,
  seeds: number,
  options: GenerateOptions,
  prefix = 'stress',
): StressReport {
  const paramsSeen = new Set<string>();
  const answersSeen = new Set<string>();
  const values = new Map<string, Map<string, number>>();
  const failures: StressReport['failures'] = [];
  let slowestMs = 0;
  let slowestSeed = '';
  let totalMs = 0;
  let generated = 0;
  for (let i = 0; i < seeds; i++) {
    const seed = `${prefix}-${i}`;
    const started = performance.now();
    let variant;
    try {
      variant = generateVariant(template, seed, options);
    } catch (error) {
      failures.push({ seed, problem: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const elapsed = performance.now() - started;
    generated++;
    totalMs += elapsed;
    if (elapsed > slowestMs) {
      slowestMs = elapsed;
      slowestSeed = seed;
    }
    const answersText = JSON.stringify(template.answersToJson(variant.answers));
    const again = JSON.stringify(template.answersToJson(template.solve(JSON.parse(JSON.stringify(variant.params)))));
    if (again !== answersText)
      failures.push({ seed, problem: 'answers differ from a fresh solve of the stored params' });
    for (const problem of selfTestVariant(template, variant)) failures.push({ seed, problem });
    paramsSeen.add(JSON.stringify(variant.params));
    answersSeen.add(answersText);
    for (const [key, identity] of gradedAnswerIdentities(template, variant.params, variant.answers)) {
      const counts = values.get(key) ?? new Map<string, number>();
      counts.set(identity, (counts.get(identity) ?? 0) + 1);
      values.set(key, counts);
    }
  }
  const spread: StressReport['spread'] = {};
  const spreadFailures: StressReport['spreadFailures'] = [];
  for (const [key, counts] of values) {
    const common = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    const s: AnswerSpread = {
      distinct: counts.size,
      largestShare: (common[0]?.[1] ?? 0) / Math.max(1, generated),
      mostCommon: common.slice(0, 3).map(([value, count]) => ({ value, count })),
    };
    spread[key] = s;
    const problem = spreadProblem(s, generated);
    if (problem) spreadFailures.push({ answer: key, problem });
  }
  for (const f of spreadFailures) failures.push({ seed: '*', problem: `answer ${f.answer}: ${f.problem}` });
  return {
    problem: template.id,
    version: template.version,
    seeds,
    distinctParams: paramsSeen.size,
    distinctAnswers: answersSeen.size,
    slowestMs,
    slowestSeed,
    meanMs: totalMs / Math.max(1, generated),
    spread,
    spreadFailures,
    failures,
  };
}

/** Why an answer's spread breaks the rule, or undefined. The distinct count is scaled to 1,000 seeds. */
export function spreadProblem(s: AnswerSpread, seeds: number): string | undefined {
  const share = `${(s.largestShare * 100).toFixed(1)} %`;
  if (s.largestShare > SPREAD_RULE.maxShare)
    return `one value (${s.mostCommon[0]?.value}) covers ${share} of the variants (at most ${SPREAD_RULE.maxShare * 100} % allowed)`;
  const needed = Math.min(SPREAD_RULE.minDistinctPer1000, Math.ceil((SPREAD_RULE.minDistinctPer1000 * seeds) / 1000));
  if (seeds >= MIN_SEEDS_FOR_DISTINCT && s.distinct < needed)
    return `${s.distinct} distinct values over ${seeds} seeds (at least ${needed} needed)`;
  return undefined;
}
