import fc from 'fast-check';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { SubmissionDoc } from '../store/models/submission.ts';
import { attemptsByStudent, submissionsByStudent } from './submission-versions.ts';

describe('submissionsByStudent', () => {
  it("gives each student the submissions of their attempts, in the order given, as searching each student's attempts does", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('ana', 'ben', 'cyril', 'dana'), { maxLength: 12 }),
        fc.array(fc.nat(15), { maxLength: 40 }),
        (owners, picks) => {
          const attempts = owners.map((userId) => ({ _id: new Types.ObjectId(), userId }));
          // Attempt ids as another copy of the same id (as read from the store), or unknown ones.
          const submissions = picks.map((i) => {
            const of = attempts[i];
            return {
              _id: new Types.ObjectId(),
              attemptId: of ? new Types.ObjectId(of._id.toHexString()) : new Types.ObjectId(),
            } as SubmissionDoc;
          });
          const found = submissionsByStudent(attempts, submissions);
          for (const [userId, own] of attemptsByStudent(attempts)) {
            const expected = submissions.filter((s) => own.some((a) => a._id.equals(s.attemptId)));
            expect(found.get(userId) ?? []).toEqual(expected);
          }
          expect([...found.keys()].every((userId) => new Set<string>(owners).has(userId))).toBe(true);
        },
      ),
    );
  });
});
