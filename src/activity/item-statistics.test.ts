import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { SubmissionDoc } from '../store/models/submission.ts';
import { partStatistics, variantStatistics } from './item-statistics.ts';

const sub = (raw: string, echo: string, score: number, mistake?: string): SubmissionDoc => ({
  _id: new Types.ObjectId(),
  attemptId: new Types.ObjectId(),
  userId: 'u',
  resourceLinkId: 'r',
  idempotencyKey: 'k',
  parts: [{ problemIndex: 0, templateId: 'batchnorm', partKey: 'jacobian', raw, parsed: { ok: true, echo }, score, points: score * 2, maxPoints: 2, feedback: '', pendingManual: false, ...(mistake ? { mistake } : {}) }],
  rawScore: score,
  scoreFraction: score,
  points: score,
  maxPoints: 1,
  pendingManual: false,
  graderVersion: 1,
  templateVersions: [1],
  auto: false,
  submittedAt: new Date(),
});

describe('item statistics', () => {
  it('shows mean score, share correct and the most common wrong answers grouped by how they were read', () => {
    const [stats] = partStatistics([
      sub('[[1,-1],[1,1]]', '[[1, -1], [1, 1]]', 1),
      sub('[-1 1; 1 1]', '[[-1, 1], [1, 1]]', 0, 'swapped-columns'),
      sub('[[-1,1],[1,1]]', '[[-1, 1], [1, 1]]', 0, 'swapped-columns'),
      sub('[[1,0],[1,1]]', '[[1, 0], [1, 1]]', 0.75),
    ]);
    expect(stats).toMatchObject({ partKey: 'jacobian', answered: 4, shareCorrect: 0.25 });
    expect(stats?.meanScore).toBeCloseTo(0.4375);
    expect(stats?.commonWrong[0]).toEqual({ answer: '[[-1, 1], [1, 1]]', count: 2, mistake: 'swapped-columns' });
  });

  it('flags a variant whose mean is far from the others', () => {
    const rows = [...['A', 'B', 'C', 'D', 'E', 'F', 'G'].flatMap((k) => [{ variantKey: k, score: 0.8 }, { variantKey: k, score: 0.7 }]), { variantKey: 'H', score: 0.05 }, { variantKey: 'H', score: 0.1 }];
    const flagged = variantStatistics(rows).filter((v) => v.outlier).map((v) => v.key);
    expect(flagged).toEqual(['H']);
  });
});
