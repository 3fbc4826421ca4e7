import { describe, expect, it } from 'vitest';
import { assembleExam, type ExamRequest } from '../../src/exam/assemble-exam.ts';
import { examToMoodleXml } from '../../src/exam/moodle-xml.ts';
import { examToQtiPackage } from '../../src/exam/qti.ts';
import { referenceValues } from '../../src/engine/generate-variant.ts';
import { toNumber } from '../../src/core/scalar.ts';
import { requiredParts } from '../../src/grading/scoring.ts';
import { child, childrenNamed, readXml, type XmlElement } from '../support/read-xml.ts';
import { clozeErrors, extractClozeQuestions, gradeTyped, type SubQuestion } from '../support/moodle-cloze.ts';

const request: ExamRequest = {
  examSeed: 'DL-2026-final',
  variants: 3,
  problems: ['batchnorm', 'rnn', 'policy', 'gd'],
  lang: 'en',
  points: [5, 5, 5, 5],
};
const exam = assembleExam(request);
const quiz = readXml(examToMoodleXml(exam));
const questions = childrenNamed(quiz, 'question');
const cloze = questions.filter((q) => q.attributes.type === 'cloze');
const text = (e: XmlElement, name: string): string => child(child(e, name), 'text').text;

/** The cloze subquestions of one exam problem, in the order of its required parts' blanks. */
function subquestionsOf(label: string, problem: string): SubQuestion[] {
  const q = cloze.find((c) => text(c, 'name') === `${request.examSeed} ${label} ${problem}`);
  if (!q) throw new Error(`no question ${label} ${problem}`);
  return extractClozeQuestions(text(q, 'questiontext'));
}

/** Blanks per part: one per number of a vector or matrix, one for anything else. */
function blankCount(value: ReturnType<typeof referenceValues> extends Map<string, infer V> ? V : never): number {
  if (value.kind === 'vector') return value.values.length;
  if (value.kind === 'matrix') return value.rows.flat().length;
  return 1;
}

describe('the Moodle XML question bank, read the way Moodle imports it (question/format/xml, qtype_multianswer)', () => {
  it('is a <quiz> of categories and cloze questions with the fields the importer reads', () => {
    expect(quiz.name).toBe('quiz');
    const categories = questions.filter((q) => q.attributes.type === 'category');
    expect(categories.map((c) => text(c, 'category'))).toEqual(
      ['A', 'B', 'C'].map((l) => `$course$/top/exam-variants/DL-2026-final/${l}`),
    );
    expect(cloze).toHaveLength(12);
    for (const q of cloze) {
      expect(text(q, 'name')).toMatch(/^DL-2026-final [A-C] (batchnorm|rnn|policy|gd)$/);
      expect(child(q, 'questiontext').attributes.format).toBe('html');
      expect(child(q, 'generalfeedback').attributes.format).toBe('html');
      expect(Number(child(q, 'penalty').text)).toBeCloseTo(0.3333333, 6);
      expect(child(q, 'hidden').text).toBe('0');
      expect(child(q, 'idnumber').text).toMatch(/^DL-2026-final\/[A-C]\//);
      // Files referenced as @@PLUGINFILE@@/name travel inside the question text element.
      const files = childrenNamed(child(q, 'questiontext'), 'file');
      for (const f of files) {
        expect(f.attributes).toMatchObject({ path: '/', encoding: 'base64' });
        expect(text(q, 'questiontext')).toContain(`@@PLUGINFILE@@/${f.attributes.name}`);
        expect(Buffer.from(f.text, 'base64').toString()).toMatch(/^<svg/);
      }
    }
  });

  it('has one valid subquestion per blank of every required part (no import error)', () => {
    for (const sheet of exam.variants) {
      for (const p of sheet.problems) {
        const subs = subquestionsOf(sheet.label, p.template.id);
        expect(clozeErrors(subs), `${sheet.label} ${p.template.id}`).toEqual([]);
        const refs = referenceValues(p.template, p.variant.params, p.variant.answers);
        const expected = requiredParts(p.variant.parts).reduce((n, part) => {
          const ref = refs.get(part.key);
          return n + (ref ? blankCount(ref) : 1);
        }, 0);
        expect(subs).toHaveLength(expected);
      }
    }
  });

  it('writes numbers and tolerances as plain decimals without float noise', () => {
    const numericals = exam.variants.flatMap((s) =>
      s.problems.flatMap((p) => subquestionsOf(s.label, p.template.id).filter((q) => q.qtype === 'numerical')),
    );
    expect(numericals.length).toBeGreaterThan(50);
    for (const q of numericals) {
      for (const a of q.answers) {
        for (const written of [a.answer, a.tolerance ?? '']) {
          expect(written).toMatch(/^-?\d+(\.\d+)?$/);
          expect(written.replace(/[-.]/g, '').replace(/^0+/, '').length, written).toBeLessThanOrEqual(13);
        }
        expect(Number(a.tolerance)).toBeGreaterThan(0);
      }
    }
  });

  it('accepts equivalent spellings of interval and set answers: (0,2/15), (0, 2/15), ]0, 2/15[, decimals', () => {
    for (const sheet of exam.variants) {
      const gd = sheet.problems.find((p) => p.template.id === 'gd');
      if (!gd) throw new Error('no gd');
      const refs = referenceValues(gd.template, gd.variant.params, gd.variant.answers);
      const [converge, oscillate, diverge] = subquestionsOf(sheet.label, 'gd');
      const canonical = (key: string): string => {
        const ref = refs.get(key);
        if (ref?.kind !== 'intervalSet') throw new Error(key);
        return ref.value.toString();
      };
      const c = canonical('converge');
      for (const typed of [c, c.replace(', ', ','), c.replace(/^\((.*)\)$/, ']$1['), ` ${c.toUpperCase()} `])
        expect(gradeTyped(converge as SubQuestion, typed), typed).toBe(1);
      expect(gradeTyped(converge as SubQuestion, c.replace(/^\(/, '['))).toBe(0);
      const o = canonical('oscillate');
      const [first, second] = o.slice(1, -1).split(', ');
      for (const typed of [o, o.replace(', ', ','), `{${second}, ${first}}`])
        expect(gradeTyped(oscillate as SubQuestion, typed), typed).toBe(1);
      const d = canonical('diverge');
      for (const typed of [d, d.replace(/, /g, ',').replace(/ U /g, 'U'), d.replace(/inf/g, '∞').replace(' U ', ' ∪ ')])
        expect(gradeTyped(diverge as SubQuestion, typed), typed).toBe(1);
    }
  });

  it('in a Czech quiz, also accepts decimal commas with ";" between entries, as the Czech page reads them', () => {
    const czech = assembleExam({ ...request, lang: 'cs' });
    const czechQuiz = childrenNamed(readXml(examToMoodleXml(czech)), 'question').filter(
      (q) => q.attributes.type === 'cloze',
    );
    let decimals = 0;
    for (const sheet of czech.variants) {
      const gd = sheet.problems.find((p) => p.template.id === 'gd');
      if (!gd) throw new Error('no gd');
      const q = czechQuiz.find((c) => text(c, 'name') === `${request.examSeed} ${sheet.label} gd`);
      const [converge, oscillate, diverge] = extractClozeQuestions(text(q as XmlElement, 'questiontext'));
      const englishConverge = subquestionsOf(sheet.label, 'gd')[0] as SubQuestion;
      const sets = gd.template.answersToJson(gd.variant.answers) as Record<
        'converge' | 'oscillate' | 'diverge',
        string
      >;
      // The upper end of the convergence set (0, 1/a) to 3 significant digits, the Czech way.
      const ref = referenceValues(gd.template, gd.variant.params, gd.variant.answers).get('converge');
      if (ref?.kind !== 'intervalSet') throw new Error('converge');
      const end = Number(toNumber(ref.value.intervals[0]?.hi ?? 0).toPrecision(3));
      expect(gradeTyped(oscillate as SubQuestion, sets.oscillate.replace(', ', '; ')), sets.oscillate).toBe(1);
      expect(gradeTyped(diverge as SubQuestion, sets.diverge.replace(/, /g, '; ')), sets.diverge).toBe(1);
      if (Number.isInteger(end)) continue;
      decimals++;
      const typed = `(0; ${String(end).replace('.', ',')})`;
      expect(gradeTyped(converge as SubQuestion, typed), typed).toBe(1);
      expect(gradeTyped(converge as SubQuestion, `]0; ${String(end).replace('.', ',')}[`)).toBe(1);
      // Not in the English quiz: there "(0; 0,133)" is not how anyone writes the set.
      expect(gradeTyped(englishConverge, typed), typed).toBe(0);
      // A comma that is both a separator and a decimal mark is not accepted in either.
      expect(gradeTyped(converge as SubQuestion, `(0, ${String(end).replace('.', ',')})`)).toBe(0);
    }
    expect(decimals).toBeGreaterThan(0);
  });

  it('keeps TeX and code readable: no Markdown backticks, no doubled backslashes in choices', () => {
    for (const q of cloze) expect(text(q, 'questiontext'), text(q, 'name')).not.toContain('`');
    const bn = subquestionsOf('A', 'batchnorm');
    const choices = bn.filter((q) => q.qtype === 'multichoice').flatMap((q) => q.answers.map((a) => a.answer));
    expect(choices).toContain('With one example \\(\\hat{x} = 0\\), so the output is just \\(\\beta\\).');
    expect(choices.join(' ')).not.toContain('\\\\');
    const jacobianPrompt = text(cloze[0] as XmlElement, 'questiontext');
    expect(jacobianPrompt).toContain('<code>[[1, 0], [1, 2]]</code>');
  });

  it('gives a multi-answer choice full marks only for exactly the right options', () => {
    const benefits = subquestionsOf('A', 'batchnorm').find((q) => q.qtype === 'multichoice' && !q.single);
    const fractions = benefits?.answers.map((a) => a.fraction) ?? [];
    expect(fractions.filter((f) => f > 0).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(fractions.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
  });
});

describe('the QTI package', () => {
  it('scores interval answers by a pattern that accepts the equivalent spellings', () => {
    const zip = examToQtiPackage(exam).toString('utf8');
    const patterns = [...zip.matchAll(/<patternMatch pattern="([^"]+)">/g)].map((m) =>
      (m[1] as string)
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"'),
    );
    expect(patterns).toHaveLength(3 * 3);
    const gd = exam.variants[0]?.problems.find((p) => p.template.id === 'gd');
    const converge = (gd?.template.answersToJson(gd.variant.answers) as { converge: string }).converge;
    const matches = (typed: string) => patterns.some((p) => new RegExp(`^(?:${p})$`, 'u').test(typed));
    for (const typed of [converge, converge.replace(', ', ','), converge.replace(/^\((.*)\)$/, ']$1[')])
      expect(matches(typed), typed).toBe(true);
    const tolerances = [...zip.matchAll(/tolerance="([^"]+)"/g)].map((m) => m[1] as string);
    expect(tolerances.length).toBeGreaterThan(10);
    for (const t of tolerances) expect(t.replace(/[-.]/g, '').replace(/^0+/, '').length, t).toBeLessThanOrEqual(13);
    expect(zip).not.toContain('`');
  });

  it('in Czech, also accepts decimal commas with ";" between entries', () => {
    const czech = assembleExam({ ...request, lang: 'cs' });
    const patterns = (pkg: Buffer) =>
      [...pkg.toString('utf8').matchAll(/<patternMatch pattern="([^"]+)">/g)].map(
        (m) => new RegExp(`^(?:${(m[1] as string).replace(/&amp;/g, '&').replace(/&quot;/g, '"')})$`, 'u'),
      );
    const gd = czech.variants[0]?.problems.find((p) => p.template.id === 'gd');
    const { oscillate, diverge } = gd?.template.answersToJson(gd.variant.answers) as Record<string, string>;
    // "{0; 1/3}" and decimal commas are Czech only; "(-inf; 0) U (1/3; inf)" is accepted in both.
    const czechOnly = [(oscillate as string).replace(', ', '; ')];
    const decimal = (diverge as string).replace(/, /g, '; ').replace(/\d+\/\d+/, (f) => {
      const [p, q] = f.split('/').map(Number);
      return String(Number(((p as number) / (q as number)).toPrecision(4))).replace('.', ',');
    });
    if (/\d,\d/.test(decimal)) czechOnly.push(decimal);
    const inCzech = patterns(examToQtiPackage(czech));
    const inEnglish = patterns(examToQtiPackage(assembleExam({ ...request, lang: 'en' })));
    expect(inCzech.some((p) => p.test((diverge as string).replace(/, /g, '; ')))).toBe(true);
    for (const typed of czechOnly) {
      expect(
        inCzech.some((p) => p.test(typed)),
        typed,
      ).toBe(true);
      expect(
        inEnglish.some((p) => p.test(typed)),
        typed,
      ).toBe(false);
    }
  });
});
