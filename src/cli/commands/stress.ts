import { parseArgs } from 'node:util';
import { SPREAD_RULE, stressTemplate, type StressReport } from '../../grading/stress.ts';
import { resolveTemplate } from '../resolve-problem.ts';
import { UsageError } from '../usage-error.ts';

export const stressHelp = `exam-variants stress <problem> [--seeds 1000] [--version N] [--any-numbers] [--json]

Generates that many variants, checks each against its constraints, the numeric core and its own
self-test, and measures how widely every graded answer spreads (choice parts excluded): the number
of distinct values, compared up to row order (a Jacobian whose rows are only shuffled, or a permuted
x̂, counts once), and the share of the most common value. An answer fails when it has fewer than
${SPREAD_RULE.minDistinctPer1000} distinct values over 1,000 seeds or one value covers more than ${SPREAD_RULE.maxShare * 100} % of them.
--version stresses an older template version (default: the current one); --json prints one JSON
object. Exit code 1 when any variant or any answer's spread failed.`;

export function runStress(args: string[]): { report: StressReport; text: string; json: boolean } {
  const { values, positionals } = parseArgs({
    args,
    options: {
      seeds: { type: 'string', default: '1000' },
      version: { type: 'string' },
      'any-numbers': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const template = resolveTemplate(positionals[0], values.version);
  const seeds = Number(values.seeds);
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > 1_000_000)
    throw new UsageError('--seeds: must be a whole number from 1 to 1000000');
  const report = stressTemplate(template, seeds, { examFriendly: !values['any-numbers'] });
  return { report, text: formatStressReport(report), json: values.json };
}

export function formatStressReport(r: StressReport): string {
  const lines = [
    `${r.problem} (template version ${r.version}): ${r.seeds} seeds`,
    `  distinct parameter sets: ${r.distinctParams}, distinct answer sets: ${r.distinctAnswers}`,
    `  generation: mean ${(r.meanMs * 1000).toFixed(1)} µs, slowest ${(r.slowestMs * 1000).toFixed(1)} µs (seed "${r.slowestSeed}")`,
    '  spread of graded answers (up to row order):',
  ];
  for (const [key, s] of Object.entries(r.spread)) {
    const failed = r.spreadFailures.some((f) => f.answer === key) ? '  FAIL' : '';
    lines.push(
      `    ${key}: ${s.distinct} distinct, largest share ${(s.largestShare * 100).toFixed(1)} %; most common ${s.mostCommon.map((c) => `${c.value} (${c.count})`).join(', ')}${failed}`,
    );
  }
  lines.push(r.failures.length === 0 ? '  failures: none' : `  failures: ${r.failures.length}`);
  for (const f of r.failures.slice(0, 20))
    lines.push(f.seed === '*' ? `    ${f.problem}` : `    seed "${f.seed}": ${f.problem}`);
  return lines.join('\n');
}
