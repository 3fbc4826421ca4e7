import { inflateRawSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { TEMPLATE_IDS, type TemplateId } from '../../templates/index.ts';
import { runGenerate } from '../../src/cli/commands/generate.ts';
import { runGrade } from '../../src/cli/commands/grade.ts';
import { problemNames } from '../../src/cli/problem-list.ts';
import { assembleExam } from '../../src/exam/assemble-exam.ts';
import { examFiles } from '../../src/exam/write-exam.ts';
import { stressTemplate } from '../../src/grading/stress.ts';
import { clozeErrors, extractClozeQuestions, gradeTyped } from '../support/moodle-cloze.ts';
import { child, childrenNamed, readXml } from '../support/read-xml.ts';
import { squaredErrorTemplate } from './squared-error.ts';

/**
 * docs/adding-a-problem.md, proved: a sixth family (tests/templates/squared-error.ts and its core
 * function) joins the registry with one line and goes through the paths a user takes: the CLI's
 * generate and grade, the stress check, the printed exam and its key, Moodle XML and QTI.
 */
vi.mock('../../templates/index.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../templates/index.ts')>();
  const { templateRegistry } = await import('../../src/engine/template-registry.ts');
  const { squaredErrorTemplate: added } = await import('./squared-error.ts');
  // The one registry line (in templates/index.ts it is a line of FAMILIES).
  const FAMILIES = { ...real.FAMILIES, 'squared-error': [added] } as const;
  return templateRegistry(FAMILIES);
});

const id = 'squared-error' as TemplateId;

/** The files of a stored (uncompressed) zip, by name. */
function zipEntries(zip: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const method = zip.readUInt16LE(at + 8);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString();
    const data = zip.subarray(at + 30 + nameLength + extra, at + 30 + nameLength + extra + size);
    out.set(name, (method === 8 ? inflateRawSync(data) : data).toString());
    at += 30 + nameLength + extra + size;
  }
  return out;
}

describe('a problem family added with one registry line', () => {
  it('is listed wherever the problems are listed', () => {
    expect(TEMPLATE_IDS).toContain(id);
    expect(problemNames()).toMatch(/, squared-error$/);
  });

  it('generates the same variant for the same seed (exam-variants generate)', () => {
    const first = runGenerate([id, '--seed', 'add-1']) as { params: unknown; answers: { gradient: number } };
    expect(runGenerate([id, '--seed', 'add-1'])).toEqual(first);
    expect(first).toMatchObject({ problem: id, version: 1 });
    expect(runGenerate([id, '--seed', 'add-1', '--lang', 'cs'])).toMatchObject({
      prompt: expect.stringContaining('Spočtěte gradient ztráty podle $w$.'),
    });
  });

  it('grades typed answers (exam-variants grade): right, wrong, unreadable', () => {
    const params = JSON.stringify(squaredErrorTemplate.example);
    // w = 2, x = 3, y = 1: dL/dw = 2 * 3 * (6 - 1) = 30
    const grade = (typed: string) =>
      runGrade([id, '--params', params, '--answers', JSON.stringify({ gradient: typed })]);
    expect(grade('30')).toMatchObject({ score: 1, parts: { gradient: { correct: true, read: '30' } } });
    expect(grade('2*3*5')).toMatchObject({ score: 1 });
    expect(grade('-30')).toMatchObject({ score: 0, parts: { gradient: { mistake: 'sign-error' } } });
    expect(grade('thirty')).toMatchObject({ score: 0, parts: { gradient: { read: null } } });
  });

  it('passes the stress check: constraints, a fresh solve, its own self-test and the spread rule', () => {
    const report = stressTemplate(squaredErrorTemplate, 300, { examFriendly: true });
    expect(report.failures).toEqual([]);
    expect(report.spread.gradient?.distinct).toBeGreaterThan(30);
  });

  it('prints on exam sheets and keys, and exports to Moodle XML and QTI beside the other families', () => {
    const exam = assembleExam({ examSeed: 'ADD', variants: 2, problems: ['gd', id], lang: 'en', points: [4, 6] });
    const files = new Map(examFiles(exam).map((f) => [f.name, f.data]));
    const sheet = files.get('variant-A.html')?.toString() ?? '';
    const key = files.get('variant-A-key.html')?.toString() ?? '';
    const problem = exam.variants[0]?.problems[1];
    const gradient = (problem?.template.answersToJson(problem.variant.answers) as { gradient: number }).gradient;
    expect(sheet).toContain('Squared error: the gradient of one weight');
    expect(sheet).not.toContain(`= ${gradient}</`);
    expect(key).toContain('A one-weight model predicts');
    const answerKey = JSON.parse(files.get('answer-key.json')?.toString() ?? '{}') as {
      variants: Array<{ problems: Array<{ problem: string; parts: Array<{ part: string; answer: string }> }> }>;
    };
    const keyed = answerKey.variants[0]?.problems.find((p) => p.problem === id);
    expect(keyed?.parts).toEqual([expect.objectContaining({ part: 'gradient', answer: String(gradient) })]);

    const quiz = readXml(files.get('moodle.xml')?.toString() ?? '');
    const question = childrenNamed(quiz, 'question').find(
      (q) => q.attributes.type === 'cloze' && child(child(q, 'name'), 'text').text === `ADD A ${id}`,
    );
    if (!question) throw new Error('no Moodle question for the new family');
    const subs = extractClozeQuestions(child(child(question, 'questiontext'), 'text').text);
    expect(clozeErrors(subs)).toEqual([]);
    expect(subs).toHaveLength(1);
    expect(gradeTyped(subs[0] as (typeof subs)[0], String(gradient))).toBe(1);
    expect(gradeTyped(subs[0] as (typeof subs)[0], String(gradient + 1))).toBe(0);

    const qti = zipEntries(files.get('qti.zip') as Buffer);
    const item = qti.get(`items/IADD-A-${id}.xml`) ?? '';
    expect(readXml(item).name).toBe('assessmentItem');
    expect(item).toContain(`<correctResponse><value>${gradient}</value></correctResponse>`);
    expect(qti.get('imsmanifest.xml')).toContain(`href="items/IADD-A-${id}.xml"`);
  });
});
