import { parseArgs } from 'node:util';
import { stressTemplate, type StressReport } from '../../engine/stress.ts';
import { resolveTemplate } from '../resolve-problem.ts';
import { UsageError } from '../usage-error.ts';

export const stressHelp = `exam-variants stress <problem> [--seeds 1000] [--any-numbers] [--json]

Generates that many variants, checks each against its constraints, the numeric core and its own
self-test, and prints the spread of answers, the distinct count, the slowest generation and any
failure. Exit code 1 when any variant failed.`;

export function runStress(args: string[]): { report: StressReport; text: string; json: boolean } {
  const { values, positionals } = parseArgs({
    args,
    options: { seeds: { type: 'string', default: '1000' }, 'any-numbers': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const template = resolveTemplate(positionals[0]);
  const seeds = Number(values.seeds);
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > 1_000_000) throw new UsageError('--seeds: must be a whole number from 1 to 1000000');
  const report = stressTemplate(template, seeds, { examFriendly: !values['any-numbers'] });
  return { report, text: formatStressReport(report), json: values.json };
}

export function formatStressReport(r: StressReport): string {
  const lines = [
    `${r.problem} (template version ${r.version}): ${r.seeds} seeds`,
    `  distinct parameter sets: ${r.distinctParams}, distinct answer sets: ${r.distinctAnswers}`,
    `  generation: mean ${(r.meanMs * 1000).toFixed(1)} µs, slowest ${(r.slowestMs * 1000).toFixed(1)} µs (seed "${r.slowestSeed}")`,
    '  spread of answers:',
  ];
  for (const [key, s] of Object.entries(r.spread)) {
    const range = s.min !== undefined ? ` range [${s.min}, ${s.max}]` : '';
    lines.push(`    ${key}: ${s.distinct} distinct${range}; most common ${s.common.map((c) => `${c.value} (${c.count})`).join(', ')}`);
  }
  lines.push(r.failures.length === 0 ? '  failures: none' : `  failures: ${r.failures.length}`);
  for (const f of r.failures.slice(0, 20)) lines.push(`    seed "${f.seed}": ${f.problem}`);
  return lines.join('\n');
}
