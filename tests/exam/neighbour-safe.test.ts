import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_IDS } from '../../templates/index.ts';
import { gradedAnswerIdentities } from '../../src/engine/answer-identity.ts';
import { answerKeyJson } from '../../src/exam/answer-key.ts';
import { assembleExam, openPrintedVariant, type Exam } from '../../src/exam/assemble-exam.ts';
import { describeDistinctness } from '../../src/exam/exam-distinctness.ts';

const EXAM_SEEDS = ['DL-2026-final', 'DL-2026-resit', 'midterm-2027', 'Zkouška 2026'];

/** Per problem, each variant's headline answer up to row order, computed here from the answers themselves. */
function headlines(exam: Exam, labels: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const v of exam.variants.filter((x) => labels.includes(x.label))) {
    for (const p of v.problems) {
      const id = gradedAnswerIdentities(p.template, p.variant.params, p.variant.answers).get(
        p.template.headline,
      ) as string;
      out.set(p.template.id, [...(out.get(p.template.id) ?? []), id]);
    }
  }
  return out;
}

describe.each(EXAM_SEEDS)('exam "%s" with 26 variants', (examSeed) => {
  const request = { examSeed, variants: 26, problems: [...TEMPLATE_IDS], lang: 'en' as const, points: [5, 5, 5, 5] };
  const exam = assembleExam(request);

  it('variants A-F share no headline answer, and no other graded answer either', () => {
    const firstSix = headlines(exam, ['A', 'B', 'C', 'D', 'E', 'F']);
    expect([...firstSix.keys()].sort()).toEqual([...TEMPLATE_IDS].sort());
    for (const [problem, values] of firstSix) expect(new Set(values).size, problem).toBe(6);
    expect(describeDistinctness(exam.variants.slice(0, 6)).shared).toEqual([]);
  });

  it('no two of all 26 variants share a headline answer, and the key says which graded answers repeat', () => {
    for (const [problem, values] of headlines(exam, exam.labels)) expect(new Set(values).size, problem).toBe(26);
    expect(exam.distinctness.headlinesDiffer).toBe(true);
    const key = JSON.parse(answerKeyJson(exam)) as { distinctness: { statement: string } };
    expect(key.distinctness.statement).toMatch(
      exam.distinctness.allGradedDiffer
        ? /^All variants differ in every graded answer\.$/
        : /^All variants differ in every problem's headline answer; these graded answers repeat: /,
    );
  });

  it('is deterministic: the same exam seed gives the same exam', () => {
    expect(answerKeyJson(assembleExam(request))).toBe(answerKeyJson(exam));
  });
});

describe('a six-variant exam', () => {
  it('says in its key that all variants differ in every graded answer', () => {
    const exam = assembleExam({
      examSeed: 'DL-2026-final',
      variants: 6,
      problems: [...TEMPLATE_IDS],
      lang: 'en',
      points: [5, 5, 5, 5],
    });
    const key = JSON.parse(answerKeyJson(exam)) as { distinctness: { allGradedDiffer: boolean; statement: string } };
    expect(key.distinctness).toMatchObject({
      allGradedDiffer: true,
      statement: 'All variants differ in every graded answer.',
    });
  });

  it('re-seeds a variant whose answer repeats a neighbour: version 1 (params only) would have repeated the Jacobian', () => {
    const v1 = assembleExam({
      examSeed: 'DL-2026-final',
      variants: 6,
      problems: ['batchnorm'],
      lang: 'en',
      points: [5],
      templateVersions: [1],
    });
    expect(v1.distinctness.headlinesDiffer).toBe(false);
    expect(v1.distinctness.shared.find((s) => s.answer === 'jacobian')?.groups).toEqual([
      ['A', 'B', 'C', 'D', 'E', 'F'],
    ]);
  });
});

describe('an exam printed from version 1 (before neighbour-safe seeds)', () => {
  // Made by the code released before version 2 (26 variants of DL-2026-final), kept as it was printed.
  const printed = JSON.parse(
    readFileSync(new URL('../golden/exam-DL-2026-final.v1.json', import.meta.url), 'utf8'),
  ) as {
    variants: Array<{ label: string; problems: Array<{ problem: string; seed: string; params: unknown }> }>;
  };

  it('regenerates exactly from its recorded versions, and each variant reopens alone', () => {
    const request = {
      examSeed: 'DL-2026-final',
      variants: 26,
      problems: [...TEMPLATE_IDS],
      lang: 'en' as const,
      points: [5, 5, 5, 5],
      templateVersions: [1, 1, 1, 1],
    };
    const again = assembleExam(request).variants.map((v) => ({
      label: v.label,
      problems: v.problems.map((p) => ({ problem: p.template.id, seed: p.variant.seed, params: p.variant.params })),
    }));
    expect(again).toEqual(printed.variants);
    expect(openPrintedVariant(request, 'Q')?.problems.map((p) => p.variant.params)).toEqual(
      printed.variants[16]?.problems.map((p) => p.params),
    );
  });
});
