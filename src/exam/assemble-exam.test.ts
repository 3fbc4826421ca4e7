import { describe, expect, it } from 'vitest';
import { answerKeyJson } from './answer-key.ts';
import type { Variant } from '../engine/generate-variant.ts';
import {
  assembleExam,
  firstDistinct,
  labelIndex,
  openPrintedVariant,
  printableVariant,
  problemSeed,
  variantLabel,
} from './assemble-exam.ts';
import { renderVariantHtml } from './render-exam-html.ts';
import { seedSlug } from './write-exam.ts';

const request = {
  examSeed: 'DL-2026-final',
  variants: 3,
  problems: ['rnn' as const, 'gd' as const],
  lang: 'en' as const,
  points: [8, 12],
};

describe('assembleExam', () => {
  it('derives each problem seed from exam seed, label and problem, and exposes the request at the top', () => {
    const exam = assembleExam(request);
    expect(exam.labels).toEqual(['A', 'B', 'C']);
    expect(exam.examSeed).toBe('DL-2026-final');
    expect(exam.points).toEqual([8, 12]);
    expect(exam.variants[1]?.problems[0]?.variant.seed).toBe(problemSeed('DL-2026-final', 'B', 'rnn'));
    expect(exam.variants[1]?.problems.map((p) => p.points)).toEqual([8, 12]);
  });

  it('re-seeds a collision deterministically (#1, #2, ...) instead of printing two equal variants', () => {
    // 26 variants of the small gd family: some derived seeds must collide and be re-seeded.
    const exam = assembleExam({ ...request, variants: 26, problems: ['gd'], points: [5] });
    const params = exam.variants.map((v) => JSON.stringify(v.problems[0]?.variant.params));
    expect(new Set(params).size).toBe(26);
    expect(answerKeyJson(assembleExam({ ...request, variants: 26, problems: ['gd'], points: [5] }))).toBe(
      answerKeyJson(exam),
    );
  });

  it('takes the next derived seed when one repeats an earlier variant, and gives up after a bound', () => {
    const fake = (params: unknown, seed: string): Variant => ({
      templateId: 't',
      templateVersion: 1,
      seed,
      examFriendly: true,
      params,
      answers: {},
      parts: [],
    });
    const used = new Set<string>();
    expect(firstDistinct(used, (r) => fake({ a: 1 }, `s#${r}`)).seed).toBe('s#0');
    expect(firstDistinct(used, (r) => fake({ a: r === 0 ? 1 : 2 }, `s#${r}`)).seed).toBe('s#1');
    expect(firstDistinct(used, () => fake({ a: 1 }, 'same')).seed).toBe('same');
  });

  it('opens a printed variant again from exam seed and label alone', () => {
    const full = assembleExam({
      ...request,
      variants: 4,
      problems: ['batchnorm', 'rnn', 'policy', 'gd'],
      points: [5, 5, 5, 5],
    });
    const d = openPrintedVariant('DL-2026-final', 'D');
    expect(d?.problems.map((p) => p.variant.params)).toEqual(full.variants[3]?.problems.map((p) => p.variant.params));
    expect(openPrintedVariant('DL-2026-final', 'A1')).toBeUndefined();
    expect(openPrintedVariant('DL-2026-final', '')).toBeUndefined();
    expect(openPrintedVariant(request, 'D')).toBeUndefined();
  });

  it('prints an online attempt from its stored params exactly as from its seed', () => {
    const sheet = assembleExam(request).variants[0];
    if (!sheet) throw new Error('no sheet');
    const fromParams = printableVariant(
      'A',
      sheet.problems.map((p) => ({
        templateId: p.template.id as 'rnn' | 'gd',
        seed: p.variant.seed,
        params: p.variant.params,
        points: p.points,
      })),
    );
    const fromSeed = printableVariant(
      'A',
      sheet.problems.map((p) => ({
        templateId: p.template.id as 'rnn' | 'gd',
        seed: p.variant.seed,
        points: p.points,
      })),
    );
    const html = renderVariantHtml(sheet, 'en', '', true);
    expect(renderVariantHtml(fromParams, 'en', '', true)).toBe(html);
    expect(renderVariantHtml(fromSeed, 'en', '', true)).toBe(html);
  });

  it('escapes what people typed: a label cannot inject markup', () => {
    const sheet = printableVariant('<script>x</script>', [{ templateId: 'gd', seed: 's' }]);
    const html = renderVariantHtml(sheet, 'en', '', false);
    expect(html).not.toContain('<script>x');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});

describe('variant labels', () => {
  it('run A..Z, then AA, AB, ..., AZ, BA, ... and read back to their index', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 199].map(variantLabel)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'GR']);
    for (let i = 0; i < 800; i++) expect(labelIndex(variantLabel(i))).toBe(i);
    expect(['', 'a', 'A1', 'ABCD'].map(labelIndex)).toEqual([-1, -1, -1, -1]);
  });

  it('a 28-variant exam labels its last variants AA and AB and reopens AB alone', () => {
    const exam = assembleExam({ ...request, variants: 28, problems: ['gd'], points: [5] });
    expect(exam.labels.slice(24)).toEqual(['Y', 'Z', 'AA', 'AB']);
    expect(
      openPrintedVariant({ ...request, variants: 28, problems: ['gd'], points: [5] }, 'AB')?.problems[0]?.variant
        .params,
    ).toEqual(exam.variants[27]?.problems[0]?.variant.params);
  });
});

describe('seedSlug', () => {
  it('makes a safe folder name', () => {
    expect(seedSlug('DL-2026-final')).toBe('DL-2026-final');
    expect(seedSlug('../../etc / passwd')).toBe('etc-passwd');
    expect(seedSlug('Zkouška 2026')).toBe('Zkous-ka-2026');
    expect(seedSlug('///')).toBe('exam');
  });
});
