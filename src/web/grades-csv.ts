import type { AttemptDoc } from '../store/models/attempt.ts';
import type { GradeSyncDoc } from '../store/models/grade-sync.ts';
import type { SubmissionDoc } from '../store/models/submission.ts';
import { csvCell as cell } from '../render/csv-cell.ts';

/** Every part of every submission, with the raw input, how it was read, the score and the grade-sync state. */
export function gradesCsv(
  attempts: readonly AttemptDoc[],
  submissions: readonly SubmissionDoc[],
  syncs: readonly GradeSyncDoc[],
): string {
  const header = [
    'user_id',
    'user_name',
    'attempt',
    'submitted_at',
    'problem',
    'template',
    'part',
    'raw',
    'read_as',
    'part_score',
    'part_points',
    'part_max',
    'mistake',
    'total_points',
    'total_max',
    'score',
    'grade_sync',
  ];
  const lines = [header.join(',')];
  for (const s of submissions) {
    const a = attempts.find((x) => x._id.equals(s.attemptId));
    const sync = syncs.find((g) => g.submissionId.equals(s._id));
    for (const p of s.parts) {
      lines.push(
        [
          s.userId,
          a?.userName,
          a?.attemptNumber,
          s.submittedAt.toISOString(),
          p.problemIndex + 1,
          p.templateId,
          p.partKey,
          p.raw,
          p.parsed.ok ? p.parsed.echo : '',
          p.score,
          p.points,
          p.maxPoints,
          p.mistake,
          s.points,
          s.maxPoints,
          s.scoreFraction,
          sync?.status ?? '',
        ]
          .map(cell)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
