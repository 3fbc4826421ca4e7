import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../templates/index.ts';
import {
  manualShare,
  partPoints,
  policyScore,
  roundPoints,
  problemPartPoints,
  regradeOverrides,
  retryPenaltyFactor,
  scoreAttempt,
  type AttemptResult,
  type PartVerdict,
  type ScorePolicy,
  type WeightedPart,
} from './scoring.ts';

const part = (key: string, points: number, optional = false): WeightedPart => ({ key, points, optional });
const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
const batchnormParts = (getTemplate('batchnorm')?.parts ?? []).map((p) => part(p.key, p.points, p.optional ?? false));

describe('part points: one rule online, on paper, in Moodle XML and QTI', () => {
  it('keeps exact shares when the weights already add up', () => {
    expect([...partPoints([part('a', 1), part('b', 0.5), part('c', 1), part('d', 2.5)], 5)]).toEqual([
      ['a', 1],
      ['b', 0.5],
      ['c', 1],
      ['d', 2.5],
    ]);
  });

  it('puts the batch-norm problem (weights 5.5 + 1.5 of bonus) into its 5 points: the Jacobian is 1.5, bonus parts on top', () => {
    const plan = problemPartPoints(batchnormParts, 5);
    const required = [...plan.values()].filter((p) => !p.bonus).reduce((a, p) => a + p.points, 0);
    expect(required).toBe(5);
    expect(plan.get('jacobian')).toEqual({ points: 1.5, bonus: false });
    expect(plan.get('mean')).toEqual({ points: 0.5, bonus: false });
    expect(plan.get('jacobianX')).toEqual({ points: 1, bonus: true });
    expect(plan.get('explain')).toEqual({ points: 0.5, bonus: true });
    // Paper prints exactly the required parts with the same points.
    expect(partPoints(batchnormParts, 5).get('jacobian')).toBe(1.5);
    expect(partPoints(batchnormParts, 5).has('jacobianX')).toBe(false);
  });

  it('keeps the total exact when no step can be fair (10 points over three equal parts)', () => {
    const pts = partPoints([part('a', 1), part('b', 1), part('c', 1)], 10);
    expect(sum(pts)).toBeCloseTo(10, 9);
    expect([...pts.values()].sort()).toEqual([3.33, 3.33, 3.34]);
  });

  it('adds up exactly for any weights and any points (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 9 }),
        fc.integer({ min: 1, max: 400 }),
        (weights, quarterPoints) => {
          const total = quarterPoints / 4;
          const pts = partPoints(
            weights.map((w, i) => part(`p${i}`, w / 2)),
            total,
          );
          expect(sum(pts)).toBeCloseTo(total, 6);
        },
      ),
    );
  });
});

/** Two problems of 5: the first with a bonus part (1 point), the second plain. */
const PROBLEMS = [
  { points: 5, parts: [part('a', 2), part('b', 3), part('bonus', 1, true)] },
  { points: 5, parts: [part('c', 1), part('d', 1)] },
];
const verdict = (
  problemIndex: number,
  partKey: string,
  score: number,
  extra: Partial<PartVerdict> = {},
): PartVerdict => ({ problemIndex, partKey, score, pendingManual: false, ...extra });

describe('attempt scores', () => {
  it('sums parts into problems, caps a problem at its points, applies the retry penalty to the whole', () => {
    const all = [
      verdict(0, 'a', 1),
      verdict(0, 'b', 1),
      verdict(0, 'bonus', 1),
      verdict(1, 'c', 1),
      verdict(1, 'd', 0.5),
    ];
    const first = scoreAttempt(PROBLEMS, all, 1, 0.1);
    // Problem 1 is 5 + 1 bonus, capped at 5; problem 2 is 2.5 + 1.25.
    expect(first.problems).toEqual([
      { points: 5, maxPoints: 5 },
      { points: 3.75, maxPoints: 5 },
    ]);
    expect(first).toMatchObject({
      rawPoints: 8.75,
      points: 8.75,
      maxPoints: 10,
      scoreFraction: 0.875,
      penaltyFactor: 1,
    });
    const third = scoreAttempt(PROBLEMS, all, 3, 0.1);
    expect(third).toMatchObject({
      rawPoints: 8.75,
      points: 7,
      rawScore: 0.875,
      scoreFraction: 0.7,
      penaltyFactor: 0.8,
    });
    expect(retryPenaltyFactor(0.4, 4)).toBe(0);
  });

  it("counts a bonus part only up to the problem's points, and a manual grade never lowers a total", () => {
    const base = [
      verdict(0, 'a', 1),
      verdict(0, 'b', 0),
      verdict(0, 'bonus', 0, { pendingManual: true }),
      verdict(1, 'c', 1),
      verdict(1, 'd', 1),
    ];
    const before = scoreAttempt(PROBLEMS, base, 1, 0);
    expect(before).toMatchObject({ points: 2 + 5, pendingManual: true });
    const graded = scoreAttempt(
      PROBLEMS,
      base.map((v) => (v.partKey === 'bonus' ? { ...v, manualScore: 0.8 } : v)),
      1,
      0,
    );
    expect(graded).toMatchObject({ points: 7.8, pendingManual: false });
    expect(graded.parts.find((p) => p.partKey === 'bonus')).toMatchObject({ points: 0.8, maxPoints: 1, bonus: true });
  });

  it('rounds points to 1e-6 so 0.1 + 0.2 never reaches a gradebook', () => {
    const s = scoreAttempt(
      [{ points: 0.3, parts: [part('x', 1), part('y', 2)] }],
      [verdict(0, 'x', 1), verdict(0, 'y', 1)],
      1,
      0,
    );
    expect(s.points).toBe(0.3);
  });

  it("takes a manual grade in points, from 0 to the part's points", () => {
    expect(manualShare(0.4, 0.5)).toBe(0.8);
    expect(manualShare(0.6, 0.5)).toBeUndefined();
    expect(manualShare(-1, 0.5)).toBeUndefined();
    expect(manualShare(Number.NaN, 0.5)).toBeUndefined();
  });
});

const attempt = (attemptNumber: number, points: number, pendingManual = false): AttemptResult => ({
  attemptNumber,
  points,
  maxPoints: 10,
  scoreFraction: points / 10,
  pendingManual,
});

describe("the gradebook score: the activity's policy over all attempts", () => {
  it('best takes the best attempt, last the last one; pending while an attempt that counts waits', () => {
    const attempts = [attempt(1, 1), attempt(2, 0)];
    expect(policyScore('best', attempts)).toEqual({
      scoreGiven: 1,
      scoreMaximum: 10,
      attemptNumber: 1,
      pendingManual: false,
    });
    expect(policyScore('last', attempts)).toEqual({
      scoreGiven: 0,
      scoreMaximum: 10,
      attemptNumber: 2,
      pendingManual: false,
    });
    expect(policyScore('best', [attempt(1, 6, true), attempt(2, 7)])?.pendingManual).toBe(true);
    expect(policyScore('last', [attempt(1, 6, true), attempt(2, 7)])?.pendingManual).toBe(false);
    expect(policyScore('best', [])).toBeUndefined();
  });

  // The sequence an instructor goes through: a manual grade, then a regrade, then the student tries again.
  const cases: Array<{ policy: ScorePolicy; decline: number; expected: number[] }> = [
    { policy: 'best', decline: 0, expected: [7, 7.5, 9, 9] },
    { policy: 'last', decline: 0, expected: [7, 7.5, 9, 7.5] },
    { policy: 'best', decline: 0.2, expected: [7, 7.5, 9, 9] },
    { policy: 'last', decline: 0.2, expected: [7, 7.5, 9, 6] },
  ];
  it.each(cases)(
    '$policy policy, $decline per retry: manual grade, regrade, another attempt',
    ({ policy, decline, expected }) => {
      const sent: number[] = [];
      // Attempt 1: a right, b wrong, free-text bonus waiting; problem 2 right.
      let first: PartVerdict[] = [
        verdict(0, 'a', 1),
        verdict(0, 'b', 0),
        verdict(0, 'bonus', 0, { pendingManual: true }),
        verdict(1, 'c', 1),
        verdict(1, 'd', 1),
      ];
      const gradebook = (attempts: AttemptResult[]) => policyScore(policy, attempts)?.scoreGiven ?? Number.NaN;
      const result = (n: number, v: PartVerdict[]): AttemptResult => {
        const s = scoreAttempt(PROBLEMS, v, n, decline);
        return {
          attemptNumber: n,
          points: s.points,
          maxPoints: s.maxPoints,
          scoreFraction: s.scoreFraction,
          pendingManual: s.pendingManual,
        };
      };
      sent.push(gradebook([result(1, first)]));
      // The instructor gives the free text 0.5 of 1 point.
      first = first.map((v) => (v.partKey === 'bonus' ? { ...v, manualScore: 0.5 } : v));
      sent.push(gradebook([result(1, first)]));
      // A regrade with a wider tolerance gives half of b (1.5 of 3 points); the manual half point stays.
      first = first.map((v) => (v.partKey === 'b' ? { ...v, score: 0.5 } : v));
      const regraded = result(1, first);
      expect(scoreAttempt(PROBLEMS, first, 1, decline).parts.find((p) => p.partKey === 'bonus')?.points).toBe(0.5);
      sent.push(gradebook([regraded]));
      // Attempt 2: problem 1 right (5), problem 2 half (2.5): 7.5 before the retry penalty.
      const second = [
        verdict(0, 'a', 1),
        verdict(0, 'b', 1),
        verdict(0, 'bonus', 0),
        verdict(1, 'c', 0.5),
        verdict(1, 'd', 0.5),
      ];
      sent.push(gradebook([regraded, result(2, second)]));
      expect(sent).toEqual(expected);
    },
  );
});

describe('regrade overrides', () => {
  it('keeps a discount, adds accepted answers up, and lets the last tolerance win', () => {
    const o = regradeOverrides([
      { problemIndex: 0, partKey: 'a', action: 'discount' },
      { problemIndex: 0, partKey: 'a', action: 'accept', accepted: '1/3' },
      { problemIndex: 0, partKey: 'b', action: 'accept', accepted: '2' },
      { problemIndex: 0, partKey: 'b', action: 'accept', accepted: '3' },
      { problemIndex: 1, partKey: 'c', action: 'tolerance', relativePercent: 5 },
      { problemIndex: 1, partKey: 'c', action: 'tolerance', relativePercent: 2 },
    ]);
    expect(o.get(0)?.a).toEqual({ discount: true, accepted: ['1/3'] });
    expect(o.get(0)?.b).toEqual({ accepted: ['2', '3'] });
    expect(o.get(1)?.c).toEqual({ tolerance: { kind: 'relative', rel: 0.02, absFloor: 1e-9 } });
  });
});

describe('giving credit never lowers a score (property)', () => {
  const structure = fc.array(
    fc.record({
      points: fc.integer({ min: 1, max: 40 }).map((q) => q / 4),
      parts: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 6 }), optional: fc.boolean() }), {
        minLength: 1,
        maxLength: 6,
      }),
    }),
    { minLength: 1, maxLength: 4 },
  );
  const share = fc.integer({ min: 0, max: 20 }).map((n) => n / 20);

  it('raising any part (a manual grade, an accepted answer, a discount) never lowers the attempt or the gradebook score', () => {
    fc.assert(
      fc.property(
        structure,
        fc.array(share, { minLength: 24, maxLength: 24 }),
        fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
        fc.nat(),
        share,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 4 }).map((n) => n / 10),
        fc.constantFrom<ScorePolicy>('best', 'last'),
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 3 }),
        (problems, shares, pending, pick, raiseTo, attemptNumber, decline, policy, others) => {
          const shaped = problems.map((p) => ({
            points: p.points,
            parts: p.parts.map((q, i) => part(`k${i}`, q.weight / 2, q.optional)),
          }));
          const verdicts: PartVerdict[] = shaped.flatMap((p, i) =>
            p.parts.map((q, j) =>
              verdict(i, q.key, shares[(i * 6 + j) % 24] ?? 0, { pendingManual: pending[(i * 6 + j) % 24] ?? false }),
            ),
          );
          const target = pick % verdicts.length;
          const before = scoreAttempt(shaped, verdicts, attemptNumber, decline);
          const credited = verdicts.map((v, i) =>
            i === target ? { ...v, manualScore: Math.max(raiseTo, before.parts[i]?.score ?? 0) } : v,
          );
          const after = scoreAttempt(shaped, credited, attemptNumber, decline);
          expect(after.points).toBeGreaterThanOrEqual(before.points);
          expect(after.points).toBeLessThanOrEqual(after.maxPoints);
          for (const [i, p] of after.problems.entries())
            expect(p.points).toBeGreaterThanOrEqual(before.problems[i]?.points ?? 0);
          // The same attempt among others: the student's gradebook score does not go down either.
          const max = before.maxPoints;
          // Rounded as every stored attempt's points are (unrounded 0.65 * 3 tied with a rounded 1.95 and lost by 2e-16).
          const rest = others.map((o, i) => ({
            attemptNumber: attemptNumber + i + 1,
            points: roundPoints((o / 100) * max),
            maxPoints: max,
            scoreFraction: o / 100,
            pendingManual: false,
          }));
          const asResult = (s: typeof before) => ({
            attemptNumber,
            points: s.points,
            maxPoints: s.maxPoints,
            scoreFraction: s.scoreFraction,
            pendingManual: s.pendingManual,
          });
          const sentBefore = policyScore(policy, [asResult(before), ...rest])?.scoreGiven ?? 0;
          const sentAfter = policyScore(policy, [asResult(after), ...rest])?.scoreGiven ?? 0;
          expect(sentAfter).toBeGreaterThanOrEqual(sentBefore);
        },
      ),
      { numRuns: 500 },
    );
  });
});
