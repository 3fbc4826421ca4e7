import mongoose from 'mongoose';
import { expect } from 'vitest';
import type { Models } from '../../../src/store/models/index.ts';
import type { Student } from './burst.ts';

export interface FaultFigures {
  acknowledged: number;
  /** Submits not answered "stored" during the fault (told "not saved", or no answer), sent again after it. */
  retried: number;
  lost: number;
  duplicated: number;
  delivered: number;
  /** Score posts the LMS received more than once (same score, same timestamp: AGS makes it a no-op). */
  resent: number;
}

type Gradebook = Map<string, { scoreGiven?: number; timestamp: string; received?: number }>;

/**
 * What an acknowledgement promises, checked after the fault and the recovery:
 * - every acknowledged submission is stored, exactly once (one submission per student);
 * - no attempt is left open with a submission;
 * - every stored score is queued once and reached the LMS gradebook with its value and timestamp.
 * `ackedBeforeRecovery`: the acknowledgements given before anything was retried.
 */
export async function expectPromisesKept(
  models: Models,
  students: Student[],
  gradebook: Gradebook,
  ackedBeforeRecovery: Set<string>,
): Promise<FaultFigures> {
  const userIds = students.map((s) => s.userId);
  const submissions = await models.Submission.find({ userId: mongoose.trusted({ $in: userIds }) }).lean();
  const byUser = new Map<string, typeof submissions>();
  for (const s of submissions) byUser.set(s.userId, [...(byUser.get(s.userId) ?? []), s]);
  const lost = [...ackedBeforeRecovery].filter((id) => !submissions.some((s) => s._id.toHexString() === id));
  const duplicated = [...byUser.values()].filter((list) => list.length > 1).length;
  expect(lost, 'acknowledged submissions not stored').toEqual([]);
  expect(duplicated, 'students with more than one submission').toBe(0);
  for (const s of students)
    expect(byUser.get(s.userId)?.[0]?._id.toHexString(), `${s.userId}: the acknowledged submission`).toBe(
      s.ackedSubmissionId,
    );
  expect(
    await models.Attempt.countDocuments({ userId: mongoose.trusted({ $in: userIds }), status: 'open' }),
    'attempts left open with a submission',
  ).toBe(0);

  const outbox = await models.GradeSync.find({ userId: mongoose.trusted({ $in: userIds }) }).lean();
  expect(outbox.length, 'outbox records, one per stored score').toBe(submissions.length);
  let resent = 0;
  for (const record of outbox) {
    expect(
      record.status,
      `${record.userId}'s score (tries ${record.tries}, last error: ${record.lastError ?? 'none'})`,
    ).toBe('sent');
    const held = gradebook.get(record.userId);
    expect(held, `${record.userId} in the LMS gradebook`).toMatchObject({
      scoreGiven: record.scoreGiven,
      timestamp: record.timestamp.toISOString(),
    });
    resent += (held?.received ?? 1) - 1;
  }
  return {
    acknowledged: ackedBeforeRecovery.size,
    retried: students.length - ackedBeforeRecovery.size,
    lost: lost.length,
    duplicated,
    delivered: outbox.length,
    resent,
  };
}

/** One line a reader (and the report) can pick up from the test output. */
export function printFigures(name: string, runs: number, figures: FaultFigures[]): void {
  const sum = (k: keyof FaultFigures) => figures.reduce((n, f) => n + f[k], 0);
  console.log(
    `fault figures [${name}]: runs ${runs}, acknowledged ${sum('acknowledged')}, not acknowledged then retried ${sum('retried')}, lost ${sum('lost')}, duplicated ${sum('duplicated')}, delivered ${sum('delivered')}, resent ${sum('resent')}`,
  );
}
