import { describe, expect, it } from 'vitest';
import { TEMPLATE_IDS } from '../../templates/index.ts';
import type { StressReport } from '../../src/grading/stress.ts';
import { runCli } from '../cli/run-cli.ts';

/**
 * Variants must differ in substance: `stress <problem> --seeds 1000` is the instructor's check
 * before an exam, so it is run here exactly as typed (the package's bin, JSON output).
 */
function stress(problem: string, ...extra: string[]): { status: number | null; report: StressReport } {
  const r = runCli(['stress', problem, '--seeds', '1000', '--json', ...extra]);
  return { status: r.status, report: JSON.parse(r.stdout) as StressReport };
}

describe.each(TEMPLATE_IDS)('stress %s --seeds 1000', (problem) => {
  it('passes the spread rule: every graded answer has >= 10 distinct values and none covers > 20 %', () => {
    const { status, report } = stress(problem);
    expect(report.failures).toEqual([]);
    expect(status).toBe(0);
    const answers = Object.entries(report.spread);
    expect(answers.length).toBeGreaterThanOrEqual(4);
    for (const [key, s] of answers) {
      expect(s.distinct, key).toBeGreaterThanOrEqual(10);
      expect(s.largestShare, key).toBeLessThanOrEqual(0.2);
    }
  });
});

describe('the spread rule', () => {
  it('fails the released version-1 draws that were one problem in disguise, naming the answers', () => {
    const batchnorm = stress('batchnorm', '--version', '1');
    expect(batchnorm.status).toBe(1);
    expect(batchnorm.report.spreadFailures.map((f) => f.answer).sort()).toEqual([
      'jacobian',
      'mean',
      'variance',
      'xhat',
    ]);
    // Every x̂ of version 1 is a permutation of {±1/5, ±7/5}: one value up to row order.
    expect(batchnorm.report.spread.jacobian).toMatchObject({ distinct: 1, largestShare: 1 });
    const policy = stress('policy', '--version', '1');
    expect(policy.status).toBe(1);
    expect(policy.report.spreadFailures.map((f) => f.answer).sort()).toEqual(['gradLogPi', 'p']);
  });

  it('leaves choice parts out of the measure', () => {
    const { report } = stress('batchnorm');
    expect(Object.keys(report.spread)).not.toContain('whyBatch');
    expect(Object.keys(report.spread)).not.toContain('benefits');
  });
});
