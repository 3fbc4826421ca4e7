import mongoose, { type Types } from 'mongoose';
import type { Models } from '../models/index.ts';
import type { SubmissionDoc } from '../models/submission.ts';
import { recordAttemptScore } from './attempts.ts';
import { queueScore } from './queue-score.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

type RepairOptions = { since?: Date; now?: Date; batchSize?: number };

type RecentSubmission = Pick<
  SubmissionDoc,
  '_id' | 'attemptId' | 'submittedAt' | 'gradedAt' | 'scoreFraction' | 'gradeSync'
>;

/**
 * Submissions stored recently (default: the last 7 days), in pages: those submitted, and the graded
 * versions written (gradedAt) since then, as a regrade or a manual grade of an older submission
 * keeps the student's submittedAt and queues a score that a crash can lose as well. A crash leaves
 * gaps only for what was stored in the moment before it, and scanning all history at every start
 * would grow without bound. One query read through a cursor, in no order: asking for each page anew
 * (after the last page's time, skipping the ids seen at that time) made every page match all the
 * later submissions again and sent a list of ids that grew with each submission sharing one time,
 * as a deadline sweep's do; with a semester's submissions the store then worked for minutes on it.
 */
async function* recentSubmissionPages(models: Models, options: RepairOptions): AsyncGenerator<RecentSubmission[]> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 500;
  const since = options.since ?? new Date(now.getTime() - 7 * DAY_MS);
  const cursor = models.Submission.find(
    {
      $or: [{ submittedAt: mongoose.trusted({ $gte: since }) }, { gradedAt: mongoose.trusted({ $gte: since }) }],
    },
    { _id: 1, attemptId: 1, submittedAt: 1, gradedAt: 1, scoreFraction: 1, gradeSync: 1 },
  )
    .batchSize(batchSize)
    .lean<RecentSubmission[]>()
    .cursor();
  try {
    let page: RecentSubmission[] = [];
    for await (const submission of cursor) {
      page.push(submission);
      if (page.length < batchSize) continue;
      yield page;
      page = [];
    }
    if (page.length > 0) yield page;
  } finally {
    await cursor.close();
  }
}

/**
 * Heals the two gaps a submit leaves without transactions, from one read of the recent submissions;
 * the server runs it at start and periodically (src/activity/submission-repair.ts):
 * - a process that died after storing a submission (which carries its `gradeSync` score) but before
 *   upserting the outbox record: the score is queued;
 * - one that died before closing the attempt: the attempt is closed as the submit would have closed
 *   it (its latest graded version's score, at its time), so the learner cannot hand in a second
 *   scored submission for it.
 * Returns how many scores it queued and attempts it closed.
 */
export async function repairRecentSubmissions(
  models: Models,
  options: RepairOptions = {},
): Promise<{ queued: number; closed: number }> {
  const now = options.now ?? new Date();
  let queued = 0;
  let closed = 0;
  for await (const page of recentSubmissionPages(models, options)) {
    const [q, c] = await Promise.all([queueMissingScores(models, page, now), closeOpenAttempts(models, page)]);
    queued += q;
    closed += c;
  }
  return { queued, closed };
}

async function queueMissingScores(models: Models, page: RecentSubmission[], now: Date): Promise<number> {
  const withScore = page.filter((s) => s.gradeSync);
  if (withScore.length === 0) return 0;
  const queued = await models.GradeSync.find(
    { submissionId: mongoose.trusted({ $in: withScore.map((s) => s._id) }) },
    { submissionId: 1 },
  ).lean();
  const have = new Set(queued.map((q) => q.submissionId.toHexString()));
  let repaired = 0;
  for (const s of withScore) {
    if (!s.gradeSync || have.has(s._id.toHexString())) continue;
    await queueScore(models, s._id, s.gradeSync, now);
    repaired++;
  }
  return repaired;
}

async function closeOpenAttempts(models: Models, page: RecentSubmission[]): Promise<number> {
  // Each attempt's latest graded version in the page.
  const latest = new Map<string, RecentSubmission>();
  for (const s of page) {
    const held = latest.get(s.attemptId.toHexString());
    if (!held || gradedTime(s) >= gradedTime(held)) latest.set(s.attemptId.toHexString(), s);
  }
  const open = await models.Attempt.find(
    { _id: mongoose.trusted({ $in: page.map((s) => s.attemptId) }), status: 'open' },
    { _id: 1 },
  ).lean<Array<{ _id: Types.ObjectId }>>();
  let closed = 0;
  for (const attempt of open) {
    const submission = latest.get(attempt._id.toHexString());
    if (!submission) continue;
    await recordAttemptScore(models, attempt._id, submission.scoreFraction, true, submission.submittedAt);
    closed++;
  }
  return closed;
}

function gradedTime(s: RecentSubmission): number {
  return (s.gradedAt ?? s.submittedAt).getTime();
}
