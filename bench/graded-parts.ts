// What the app stores for a graded submission of the demo exam beside the form: 25 graded parts
// with their feedback, and the score it queued. The floor's `+ags+parts` stage stores these in
// place of the bare form, made once at start (grading them is the app's work, not the floor's), so
// the store and the driver carry the same bytes a submission makes them carry: 5.7 kB of BSON.
import type { SubmittedPart } from '../src/store/models/submission.ts';

const PROBLEMS: Array<[templateId: string, partKeys: string[]]> = [
  ['batchnorm', ['mean', 'variance', 'xhat', 'y', 'jacobian', 'jacobianX', 'dgamma']],
  ['backprop', ['dLdy', 'dLdz', 'dLdW', 'dLdb', 'dLdtheta', 'chain']],
  ['rnn', ['h1', 'h2', 'a2c', 'dLdh2', 'dLdW', 'bptt']],
  ['gd', ['gradient', 'step', 'alphaStar', 'converge', 'diverge', 'rate']],
];

export function gradedParts(): SubmittedPart[] {
  return PROBLEMS.flatMap(([templateId, keys], problemIndex) =>
    keys.map((partKey, k) => {
      // As bench:http's students answer: five parts, the rest left blank.
      const answered = k === (problemIndex === 0 ? 4 : 0) || (problemIndex === 3 && k === 1);
      const right = answered && problemIndex > 0;
      return {
        problemIndex,
        templateId,
        partKey,
        raw: answered ? '[[1, -1], [1, 1]]' : '',
        parsed: answered ? { ok: true, echo: '[[1, -1], [1, 1]]' } : { ok: false },
        score: right ? 1 : 0,
        points: right ? 0.5 : 0,
        maxPoints: 0.5,
        feedback: right
          ? 'Correct.'
          : answered
            ? 'Not correct. Wrong shape: expected 4 x 2, got 2 x 2.'
            : 'No answer given.',
        pendingManual: false,
      };
    }),
  );
}

/** The score a submission queues, written with it (the app's gradeSync). */
export function queuedScore(userId: string): Record<string, unknown> {
  return {
    platformIssuer: 'http://127.0.0.1:3000/sandbox',
    deploymentId: 'sandbox-deployment',
    clientId: 'sandbox-client',
    contextId: 'sandbox-course',
    resourceLinkId: 'demo-exam',
    userId,
    lineItemUrl: 'http://127.0.0.1:3000/sandbox/lineitems/demo-exam',
    scoreGiven: 9.5,
    scoreMaximum: 20,
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    timestamp: new Date(),
  };
}
