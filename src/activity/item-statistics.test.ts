import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SubmittedPart } from '../store/models/submission.ts';
import {
  MIN_STUDENTS_PER_VARIANT,
  partStatistics,
  readableParams,
  scoreHistogram,
  upperLowerIndex,
  variantStatistics,
} from './item-statistics.ts';

const part = (raw: string, echo: string, score: number, extra: Partial<SubmittedPart> = {}): SubmittedPart => ({
  problemIndex: 0,
  templateId: 'batchnorm',
  partKey: 'jacobian',
  raw,
  parsed: { ok: true, echo },
  score,
  points: score * 1.5,
  maxPoints: 1.5,
  feedback: '',
  pendingManual: false,
  ...extra,
});
const response = (p: SubmittedPart, rest = 5) => ({ parts: [p], points: rest + p.points });

describe('item statistics', () => {
  it("groups each part's answers as a search of every response for the part would", () => {
    // The reference: each part (named as in the last response that has it) looks for its first
    // occurrence in every response, and the figures are worked out from those rows.
    const reference = (responses: ReadonlyArray<{ parts: SubmittedPart[]; points: number }>) => {
      const keys = new Map<string, { problemIndex: number; templateId: string; partKey: string }>();
      for (const r of responses)
        for (const p of r.parts)
          keys.set(`${p.problemIndex}:${p.partKey}`, {
            problemIndex: p.problemIndex,
            templateId: p.templateId,
            partKey: p.partKey,
          });
      return [...keys.values()].map((k) => {
        const found = responses.flatMap((r) => {
          const p = r.parts.find((q) => q.problemIndex === k.problemIndex && q.partKey === k.partKey);
          return p ? [{ parts: [p], points: r.points }] : [];
        });
        return { ...partStatistics(found)[0], ...k };
      });
    };
    const gradedPart = fc
      .record({
        problemIndex: fc.integer({ min: 0, max: 2 }),
        partKey: fc.constantFrom('a', 'b', 'c'),
        templateId: fc.constantFrom('gd', 'rnn'),
        raw: fc.constantFrom('', '1', '2', 'x'),
        score: fc.constantFrom(0, 0.5, 1),
        pendingManual: fc.boolean(),
      })
      .map(({ raw, score, ...rest }) => part(raw, raw, score, rest));
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ parts: fc.array(gradedPart, { maxLength: 6 }), points: fc.integer({ min: 0, max: 20 }) }),
          {
            maxLength: 14,
          },
        ),
        (responses) => {
          expect(partStatistics(responses)).toEqual(reference(responses));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('shows facility, share correct and the most common wrong answers grouped by how they were read', () => {
    const [stats] = partStatistics([
      response(part('[[1,-1],[1,1]]', '[[1, -1], [1, 1]]', 1)),
      response(part('[-1 1; 1 1]', '[[-1, 1], [1, 1]]', 0, { mistake: 'swapped-columns' })),
      response(part('[[-1,1],[1,1]]', '[[-1, 1], [1, 1]]', 0, { mistake: 'swapped-columns' })),
      response(part('[[1,0],[1,1]]', '[[1, 0], [1, 1]]', 0.75)),
    ]);
    expect(stats).toMatchObject({ partKey: 'jacobian', students: 4, answered: 4, shareCorrect: 0.25 });
    expect(stats?.facility).toBeCloseTo(0.4375);
    expect(stats?.commonWrong[0]).toEqual({ answer: '[[-1, 1], [1, 1]]', count: 2, mistake: 'swapped-columns' });
  });

  it('counts a blank as not answered (it still scores 0 in the facility); a part waiting for the instructor is not graded yet', () => {
    const [stats] = partStatistics([
      response(part('1/6', '1/6', 1)),
      response(part('', '', 0, { parsed: { ok: false } })),
      response(part('  ', '', 0, { parsed: { ok: false } })),
      response(
        part('1,75', '', 0, {
          parsed: { ok: false, error: 'Use a decimal point' },
          unreadable: true,
          pendingManual: true,
        }),
      ),
    ]);
    expect(stats).toMatchObject({ students: 4, answered: 2, shareCorrect: 1 / 3 });
    expect(stats?.facility).toBeCloseTo(1 / 3);
    expect(stats?.commonWrong).toEqual([]);
  });

  it('discrimination: the strongest 27 % (by the rest of their score) against the weakest, from 10 students', () => {
    // The strong students (high rest) get the part, the weak ones do not: a discriminating part.
    const rows = Array.from({ length: 20 }, (_, i) => ({ item: i >= 10 ? 1 : 0, rest: i }));
    expect(upperLowerIndex(rows)).toBe(1);
    expect(upperLowerIndex(rows.map((r) => ({ ...r, item: 1 - r.item })))).toBe(-1);
    expect(upperLowerIndex(rows.slice(0, 9))).toBeUndefined();
    const [stats] = partStatistics(Array.from({ length: 12 }, (_, i) => response(part('x', 'x', i % 2), i)));
    expect(stats?.discrimination).toBeDefined();
  });

  it('flags a variant only with enough students on it, far from the others, and names it readably', () => {
    const rows = (label: string, n: number, score: number) =>
      Array.from({ length: n }, (_, i) => ({
        problemIndex: 0,
        variantKey: label,
        label,
        score: score + (i % 2) * 0.02,
      }));
    const many = [...rows('A', 8, 0.8), ...rows('B', 8, 0.78), ...rows('C', 8, 0.1)];
    expect(
      variantStatistics(many)
        .filter((v) => v.outlier)
        .map((v) => v.label),
    ).toEqual(['C']);
    // One student per variant (every student their own draw): nothing can be said.
    const single = [...rows('A', 1, 0.9), ...rows('B', 1, 0.85), ...rows('C', 1, 0), ...rows('D', 1, 0.9)];
    expect(variantStatistics(single).some((v) => v.outlier)).toBe(false);
    expect(
      variantStatistics([...rows('A', 8, 0.8), ...rows('C', MIN_STUDENTS_PER_VARIANT - 1, 0.1)]).some((v) => v.outlier),
    ).toBe(false);
    expect(readableParams({ x: [2, 4], gamma: 6, beta: -1, eps: 0.1 + 0.2 })).toBe(
      'x = [2, 4], gamma = 6, beta = -1, eps = 0.3',
    );
  });

  it('judges each variant against its problem as the definition reads, computed for every variant afresh', () => {
    // The definition, written out per variant (quadratic in the number of variants): the median of
    // the means of the problem's variants with enough students, and the spread of all its scores.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const mid = Math.floor(s.length / 2);
      return s.length === 0 ? 0 : s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
    };
    const sampleSd = (xs: number[]) =>
      xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)) : 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            problemIndex: fc.nat(2),
            variant: fc.nat(6),
            score: fc.constantFrom(0, 0.1, 0.25, 0.5, 0.8, 0.9, 1),
          }),
          { maxLength: 120 },
        ),
        (drawn) => {
          const rows = drawn.map((r) => ({
            problemIndex: r.problemIndex,
            variantKey: `v${r.variant}`,
            label: `variant ${r.variant}`,
            score: r.score,
          }));
          const stats = variantStatistics(rows);
          const groups = new Set(rows.map((r) => `${r.problemIndex}/${r.variantKey}`));
          expect(stats).toHaveLength(groups.size);
          for (const v of stats) {
            const sameProblem = rows.filter((r) => r.problemIndex === v.problemIndex);
            const own = sameProblem.filter((r) => r.label === v.label).map((r) => r.score);
            const variantMeans = [...new Set(sameProblem.map((r) => r.variantKey))]
              .map((k) => sameProblem.filter((r) => r.variantKey === k).map((r) => r.score))
              .filter((scores) => scores.length >= MIN_STUDENTS_PER_VARIANT)
              .map(mean);
            const typical = median(variantMeans);
            const sd = sampleSd(sameProblem.map((r) => r.score));
            const z = sd > 0 ? (mean(own) - typical) / (sd / Math.sqrt(own.length)) : 0;
            expect(v.students).toBe(own.length);
            expect(v.meanScore).toBeCloseTo(mean(own), 12);
            expect(v.typicalMean).toBeCloseTo(typical, 12);
            expect(v.outlier).toBe(
              variantMeans.length >= 2 &&
                own.length >= MIN_STUDENTS_PER_VARIANT &&
                Math.abs(mean(own) - typical) >= 0.2 &&
                Math.abs(z) >= 2.5,
            );
          }
        },
      ),
    );
  });

  it('bins scores in tenths for the histogram, a full score in the last bin', () => {
    expect(scoreHistogram([0, 0.05, 0.1, 0.55, 0.999, 1])).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
  });
});
