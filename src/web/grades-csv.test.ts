import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { AttemptDoc } from '../store/models/attempt.ts';
import type { SubmissionDoc, SubmittedPart } from '../store/models/submission.ts';
import { readCsv, isFormulaCell } from '../../tests/support/read-csv.ts';
import { gradeSheetCsv, gradesCsv, UTF8_BOM } from './grades-csv.ts';

function attempt(userId: string, userName: string, attemptNumber: number, isStaff = false): AttemptDoc {
  return {
    _id: new Types.ObjectId(),
    userId,
    userName,
    attemptNumber,
    isStaff,
    templateIds: ['batchnorm', 'gd'],
    problems: [
      { templateId: 'batchnorm', templateVersion: 2, seed: 's', params: {}, points: 5 },
      { templateId: 'gd', templateVersion: 2, seed: 's', params: {}, points: 5 },
    ],
  } as unknown as AttemptDoc;
}

const part = (problemIndex: number, partKey: string, points: number, raw = '1'): SubmittedPart => ({
  problemIndex,
  templateId: problemIndex === 0 ? 'batchnorm' : 'gd',
  partKey,
  raw,
  parsed: { ok: true, echo: raw },
  score: points / 2.5,
  points,
  maxPoints: 2.5,
  feedback: '',
  pendingManual: false,
});

function submission(a: AttemptDoc, parts: SubmittedPart[], when: string, extra: Partial<SubmissionDoc> = {}) {
  const points = parts.reduce((x, p) => x + p.points, 0);
  return {
    _id: new Types.ObjectId(),
    attemptId: a._id,
    userId: a.userId,
    parts,
    points,
    maxPoints: 10,
    scoreFraction: points / 10,
    pendingManual: false,
    submittedAt: new Date(when),
    ...extra,
  } as unknown as SubmissionDoc;
}

describe('the grade sheet (one row per student)', () => {
  const dvorakova = attempt('u-chloe', 'Chloé Dvořáková', 1);
  const bob1 = attempt('u-bob', 'Bob Brown', 1);
  const bob2 = attempt('u-bob', 'Bob Brown', 2);
  const ann = attempt('u-ann', '=HYPERLINK("x")', 1);
  const teacher = attempt('u-teacher', 'Teacher', 1, true);
  const submissions = [
    submission(
      dvorakova,
      [part(0, 'mean', 2.5), part(0, 'jacobian', 2), part(1, 'converge', 1.5)],
      '2027-01-12T09:40:00Z',
    ),
    submission(bob1, [part(0, 'mean', 2.5), part(1, 'converge', 2.5)], '2027-01-12T09:30:00Z'),
    submission(bob2, [part(0, 'mean', 0), part(1, 'converge', 2.5)], '2027-01-12T09:50:00Z'),
    submission(teacher, [part(0, 'mean', 2.5)], '2027-01-12T09:00:00Z'),
  ];
  const rows = (policy: 'best' | 'last') =>
    readCsv(gradeSheetCsv([dvorakova, bob1, bob2, ann, teacher], submissions, policy).slice(1));

  it('starts with a UTF-8 byte-order mark, so Excel shows "Dvořáková"', () => {
    const csv = gradeSheetCsv([dvorakova], submissions, 'best');
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(gradesCsv([dvorakova], submissions, []).startsWith(UTF8_BOM)).toBe(true);
  });

  it('has name, id, the counted attempt, points per problem, total, and when it was submitted; staff left out', () => {
    expect(rows('best')).toEqual([
      [
        'name',
        'user_id',
        'attempt',
        'p1_batchnorm',
        'p2_gd',
        'total_points',
        'max_points',
        'pending_manual',
        'submitted_at',
      ],
      ['\'=HYPERLINK("x")', 'u-ann', '1', '', '', '', '', '', ''],
      ['Bob Brown', 'u-bob', '1', '2.5', '2.5', '5', '10', 'no', '2027-01-12T09:30:00.000Z'],
      ['Chloé Dvořáková', 'u-chloe', '1', '4.5', '1.5', '6', '10', 'no', '2027-01-12T09:40:00.000Z'],
    ]);
    // The policy decides which attempt counts, as for the LMS gradebook.
    expect(rows('last')[2]).toEqual([
      'Bob Brown',
      'u-bob',
      '2',
      '0',
      '2.5',
      '2.5',
      '10',
      'no',
      '2027-01-12T09:50:00.000Z',
    ]);
    for (const cell of rows('best').flat()) expect(isFormulaCell(cell), cell).toBe(false);
  });

  it('keeps negative numbers as numbers and defuses a formula that starts with a minus', () => {
    const neg = attempt('u-neg', '-2+3+cmd|calc', 1);
    const csv = gradesCsv(
      [neg],
      [submission(neg, [part(0, 'mean', 0, '-16'), part(0, 'y', 0, '-0.5')], '2027-01-12T09:00:00Z')],
      [],
    );
    const data = readCsv(csv.slice(1)).slice(1);
    expect(data.map((r) => r[7])).toEqual(['-16', '-0.5']);
    expect(data[0]?.[1]).toBe("'-2+3+cmd|calc");
  });
});
