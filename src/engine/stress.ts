import { generateVariant } from './generate-variant.ts';
import { selfTestVariant } from './self-test.ts';
import type { AnyTemplate, GenerateOptions } from './template.ts';

export interface StressReport {
  problem: string;
  version: number;
  seeds: number;
  distinctParams: number;
  distinctAnswers: number;
  slowestMs: number;
  slowestSeed: string;
  meanMs: number;
  /** Per answer key: distinct values and the most common few, so an instructor sees the spread. */
  spread: Record<string, { distinct: number; min?: number; max?: number; common: Array<{ value: string; count: number }> }>;
  failures: Array<{ seed: string; problem: string }>;
}

/**
 * Generates `seeds` variants and checks each: constraints held (generation throws otherwise),
 * answers equal a fresh solve of the stored params, and the variant's self-test passes.
 */
export function stressTemplate(template: AnyTemplate, seeds: number, options: GenerateOptions, prefix = 'stress'): StressReport {
  const paramsSeen = new Set<string>();
  const answersSeen = new Set<string>();
  const values = new Map<string, Map<string, number>>();
  const failures: StressReport['failures'] = [];
  let slowestMs = 0;
  let slowestSeed = '';
  let totalMs = 0;
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
    totalMs += elapsed;
    if (elapsed > slowestMs) {
      slowestMs = elapsed;
      slowestSeed = seed;
    }
    const answers = template.answersToJson(variant.answers);
    const again = JSON.stringify(template.answersToJson(template.solve(JSON.parse(JSON.stringify(variant.params)))));
    const answersText = JSON.stringify(answers);
    if (again !== answersText) failures.push({ seed, problem: 'answers differ from a fresh solve of the stored params' });
    for (const problem of selfTestVariant(template, variant)) failures.push({ seed, problem });
    paramsSeen.add(JSON.stringify(variant.params));
    answersSeen.add(answersText);
    for (const [key, value] of Object.entries(answers)) {
      const text = JSON.stringify(value);
      const counts = values.get(key) ?? new Map<string, number>();
      counts.set(text, (counts.get(text) ?? 0) + 1);
      values.set(key, counts);
    }
  }
  const spread: StressReport['spread'] = {};
  for (const [key, counts] of values) {
    const numeric = [...counts.keys()].map((k) => JSON.parse(k) as unknown).filter((v): v is number => typeof v === 'number');
    spread[key] = {
      distinct: counts.size,
      ...(numeric.length > 0 ? { min: Math.min(...numeric), max: Math.max(...numeric) } : {}),
      common: [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([value, count]) => ({ value, count })),
    };
  }
  return {
    problem: template.id,
    version: template.version,
    seeds,
    distinctParams: paramsSeen.size,
    distinctAnswers: answersSeen.size,
    slowestMs,
    slowestSeed,
    meanMs: totalMs / Math.max(1, seeds - failures.length),
    spread,
    failures,
  };
}
