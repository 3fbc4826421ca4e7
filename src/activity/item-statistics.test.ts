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

  it('bins scores in tenths for the histogram, a full score in the last bin', () => {
    expect(scoreHistogram([0, 0.05, 0.1, 0.55, 0.999, 1])).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
  });
});
