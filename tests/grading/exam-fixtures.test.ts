import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates/index.ts';
import { variantFromParams } from '../../src/engine/generate-variant.ts';
import { gradeSubmission } from '../../src/grading/grade-submission.ts';
import { scoreOverParts } from '../../src/grading/scoring.ts';
import type { AnyTemplate } from '../../src/engine/template.ts';

// The worked exam (../shared/seeds/exam-variant-A.txt) as fixtures for grading.
const EXAM = {
  batchnorm: { x: [2, 4], gamma: 6, beta: -1, eps: 0 },
  rnn: { theta: 2, z0: 1, x: [1, -1], y: 0 },
  policy: { theta: -1, x: 1, bias: 1, rewards: [6, -2], action: 1 },
  gd: { a: 3, b: 0, c: -1 },
};

function grade(template: AnyTemplate, params: unknown, answers: Record<string, string>, reveal = false) {
  const variant = variantFromParams(template, params);
  const graded = gradeSubmission(template, variant, answers, { onlyKeys: Object.keys(answers), reveal });
  // The score over the parts given, as the command line reports it (scoring.ts).
  return {
    ...graded,
    score: scoreOverParts(
      variant.parts,
      Object.values(graded.parts).map((p) => ({ partKey: p.key, score: p.score, pendingManual: p.pendingManual })),
    ),
  };
}

describe('the worked exam graded', () => {
  it('accepts the key of every problem in the notations students use', () => {
    expect(
      grade(TEMPLATES.batchnorm, EXAM.batchnorm, {
        jacobian: '[[1,-1],[1,1]]',
        mean: '3',
        variance: '1',
        xhat: '[-1, 1]',
        y: '-7, 5',
      }).score,
    ).toBe(1);
    expect(grade(TEMPLATES.batchnorm, EXAM.batchnorm, { jacobian: '[1 -1; 1 1]' }).score).toBe(1);
    expect(grade(TEMPLATES.rnn, EXAM.rnn, { dLdtheta: '32', dLdzT: '-8', z: '[2, -4]', loss: '16' }).score).toBe(1);
    expect(
      grade(TEMPLATES.policy, EXAM.policy, {
        V: '2',
        A: '(4, -4)',
        a2c: '2',
        gradLogPi: '1/2',
        p: '[0.5, 0.5]',
        Q: '[6, -2]',
      }).score,
    ).toBe(1);
    expect(
      grade(TEMPLATES.gd, EXAM.gd, {
        converge: '(0, 1/3)',
        oscillate: '{0, 1/3}',
        diverge: '(-inf, 0) U (1/3, inf)',
        alphaStar: '1/6',
      }).score,
    ).toBe(1);
    expect(grade(TEMPLATES.gd, EXAM.gd, { diverge: '(-∞, 0) ∪ (0.3333, ∞)', alphaStar: '0.1667' }).score).toBe(1);
  });

  it('recognises a Jacobian with swapped columns and one transposed', () => {
    const swapped = grade(TEMPLATES.batchnorm, EXAM.batchnorm, { jacobian: '[[-1,1],[1,1]]' }).parts.jacobian;
    expect(swapped?.mistake).toBe('swapped-columns');
    expect(swapped?.feedback).toMatch(/columns are swapped/);
    const params = { x: [1, 2, 6], gamma: 2, beta: 0, eps: 0 };
    const { jacobian } = TEMPLATES.batchnorm.answersToJson(TEMPLATES.batchnorm.solve(params)) as {
      jacobian: number[][];
    };
    const typed = JSON.stringify([jacobian.map((r) => r[0]), jacobian.map((r) => r[1])]);
    const transposed = grade(TEMPLATES.batchnorm, params, { jacobian: typed }).parts.jacobian;
    expect(transposed?.mistake).toBe('transposed');
    expect(transposed?.score).toBe(0);
  });

  it('gives partial credit element-wise for a matrix of the right shape, none for the wrong shape', () => {
    const half = grade(TEMPLATES.batchnorm, EXAM.batchnorm, { jacobian: '[[1, 5],[1, 7]]' }).parts.jacobian;
    expect(half?.score).toBe(0.5);
    const shape = grade(TEMPLATES.batchnorm, EXAM.batchnorm, { jacobian: '[[1, -1, 0],[1, 1, 0]]' }).parts.jacobian;
    expect(shape?.score).toBe(0);
    expect(shape?.feedback).toMatch(/Wrong shape: expected 2 x 2, got 2 x 3/);
  });

  it('recognises the unbiased variance', () => {
    const part = grade(TEMPLATES.batchnorm, { x: [1, 2, 6], gamma: 1, beta: 0, eps: 0 }, { variance: '7' }).parts
      .variance;
    expect(part?.mistake).toBe('unbiased-variance');
  });

  it('recognises dL/dtheta missing one path of the sum, and a sign error', () => {
    const missing = grade(TEMPLATES.rnn, EXAM.rnn, { dLdtheta: '16' }).parts.dLdtheta;
    expect(missing?.mistake).toMatch(/^missing-path-/);
    expect(missing?.feedback).toMatch(/path/);
    expect(grade(TEMPLATES.rnn, EXAM.rnn, { dLdtheta: '-32' }).parts.dLdtheta?.mistake).toBe('sign-error');
  });

  it('follows through: A2C from the student own gradient and advantage is not punished twice', () => {
    const g = grade(TEMPLATES.policy, EXAM.policy, { gradLogPi: '1/2', A: '[3, -5]', a2c: '1.5' });
    expect(g.parts.A?.correct).toBe(false);
    expect(g.parts.a2c?.correct).toBe(true);
    expect(g.parts.a2c?.followThrough).toBe(true);
    expect(g.parts.a2c?.feedback).toMatch(/follow-through/);
    const rnn = grade(TEMPLATES.rnn, EXAM.rnn, { dLdzT: '-4', dLdtheta: '16' });
    expect(rnn.parts.dLdtheta?.followThrough).toBe(true);
  });

  it('says when interval ends are right but open/closed is wrong', () => {
    const part = grade(TEMPLATES.gd, EXAM.gd, { converge: '[0, 1/3]' }).parts.converge;
    expect(part?.score).toBe(0);
    expect(part?.mistake).toBe('swapped-ends');
  });

  it('does not grade unreadable input: it is marked unreadable and the parse error says what could not be read, once', () => {
    const part = grade(TEMPLATES.gd, EXAM.gd, { alphaStar: '1/6)' }).parts.alphaStar;
    expect(part?.unreadable).toBe(true);
    expect(part?.correct).toBe(false);
    expect(part?.parsed).toMatchObject({ ok: false, error: expect.stringMatching(/Could not read/) });
    // The feedback says it was not graded; the parse error is not repeated in it.
    expect(part?.feedback).toBe('Not graded: this answer could not be read.');
  });

  it('does not reveal the answer in feedback unless asked', () => {
    const hidden = grade(TEMPLATES.gd, EXAM.gd, { alphaStar: '0.5' }).parts.alphaStar;
    expect(hidden?.feedback).not.toMatch(/1\/6/);
    const shown = grade(TEMPLATES.gd, EXAM.gd, { alphaStar: '0.5' }, true).parts.alphaStar;
    expect(shown?.feedback).toMatch(/Expected 1\/6/);
  });

  it('applies the default tolerance max(1e-9, 1% of the reference)', () => {
    expect(grade(TEMPLATES.gd, EXAM.gd, { alphaStar: '0.165' }).parts.alphaStar?.correct).toBe(true);
    expect(grade(TEMPLATES.gd, EXAM.gd, { alphaStar: '0.16' }).parts.alphaStar?.correct).toBe(false);
  });

  it('weights the total by points', () => {
    // jacobian (2 points) right, mean (0.5) wrong: 2 / 2.5
    expect(grade(TEMPLATES.batchnorm, EXAM.batchnorm, { jacobian: '[[1,-1],[1,1]]', mean: '4' }).score).toBeCloseTo(
      0.8,
      9,
    );
  });

  it('grades choices by letter in the displayed order', () => {
    // Params typed in (no seed): the options keep their authoring order, the correct ones spread over it.
    const g = grade(TEMPLATES.batchnorm, EXAM.batchnorm, { whyBatch: 'c', raiseOutputs: 'b', benefits: 'b, c, e, f' });
    expect(g.parts.whyBatch?.correct).toBe(true);
    expect(g.parts.raiseOutputs?.correct).toBe(false);
    expect(g.parts.benefits?.correct).toBe(true);
  });

  it('marks free text for manual grading without counting it', () => {
    const g = grade(TEMPLATES.batchnorm, EXAM.batchnorm, { jacobian: '[[1,-1],[1,1]]', explain: 'sum of xhat is 0' });
    expect(g.pendingManual).toBe(true);
    expect(g.parts.explain?.pendingManual).toBe(true);
    expect(g.score).toBe(1);
  });
});
