import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates/index.ts';
import { answerKeyCsv, answerKeyJson } from '../../src/exam/answer-key.ts';
import { assembleExam, openPrintedVariant, type ExamRequest } from '../../src/exam/assemble-exam.ts';
import { renderVariantHtml } from '../../src/exam/render-exam-html.ts';
import type { AnyTemplate } from '../../src/engine/template.ts';
import { runCli } from '../cli/run-cli.ts';

const request: ExamRequest = {
  examSeed: 'DL-2026-final',
  variants: 6,
  problems: ['batchnorm', 'rnn', 'policy', 'gd'],
  lang: 'en',
  points: [5, 5, 5, 5],
};
const out = mkdtempSync(join(tmpdir(), 'ev-exam-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('printed exam variants', () => {
  it('are the same for the same exam seed and pairwise different within the exam', () => {
    const a = assembleExam(request);
    expect(answerKeyJson(a)).toBe(answerKeyJson(assembleExam(request)));
    expect(a.variants.map((v) => v.label)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    for (const id of request.problems) {
      const params = a.variants.map((v) =>
        JSON.stringify(v.problems.find((p) => p.template.id === id)?.variant.params),
      );
      expect(new Set(params).size).toBe(6);
    }
    expect(answerKeyJson(assembleExam({ ...request, examSeed: 'DL-2026-resit' }))).not.toBe(answerKeyJson(a));
  });

  it('has a key whose answers equal a fresh solve of each variant', () => {
    const key = JSON.parse(answerKeyJson(assembleExam(request))) as {
      variants: Array<{ problems: Array<{ problem: keyof typeof TEMPLATES; params: unknown; answers: unknown }> }>;
    };
    for (const v of key.variants) {
      for (const p of v.problems) {
        const template: AnyTemplate = TEMPLATES[p.problem];
        expect(p.answers).toEqual(template.answersToJson(template.solve(p.params)));
      }
    }
  });

  it('reopens a printed variant by exam seed and label', () => {
    const c = assembleExam(request).variants[2];
    expect(JSON.stringify(openPrintedVariant(request, 'C')?.problems.map((p) => p.variant.params))).toBe(
      JSON.stringify(c?.problems.map((p) => p.variant.params)),
    );
  });

  it('prints the header, the RNN diagram and, only in the key, answers and worked solutions', () => {
    const sheet = assembleExam({ ...request, variants: 1 }).variants[0];
    if (!sheet) throw new Error('no sheet');
    const student = renderVariantHtml(sheet, 'en', '', false);
    const key = renderVariantHtml(sheet, 'en', '', true);
    expect(student).toContain(
      '<span>Exam, Variant: A</span><span class="sep">, </span><span class="total">Points 20</span>',
    );
    expect(student).toContain('<svg');
    expect(student).not.toContain('class="answer"');
    expect(key).toContain('class="answer"');
    expect(key).toContain('Worked solution');
    expect(renderVariantHtml(sheet, 'cs', '', false)).toContain(
      '<span>Zkouška, Varianta: A</span><span class="sep">, </span><span class="total">Body 20</span>',
    );
  });

  it('writes a CSV with one row per variant, problem and part', () => {
    const csv = answerKeyCsv(assembleExam({ ...request, variants: 2, problems: ['gd'], points: [5] }));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('variant,problem,question,part,answer,points,template_version,seed');
    expect(lines).toHaveLength(1 + 2 * TEMPLATES.gd.parts.length);
    expect(csv).toContain('"(-inf, 0) U');
  });

  it('is one command: exam-variants exam writes sheets, keys and the answer key', () => {
    const r = runCli([
      'exam',
      '--seed',
      'DL-2026-final',
      '--variants',
      '3',
      '--problems',
      'rnn,gd',
      '--points',
      '8,12',
      '--lang',
      'cs',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const dir = join(out, 'DL-2026-final');
    for (const f of [
      'variant-A.html',
      'variant-C-key.html',
      'answer-key.html',
      'answer-key.json',
      'answer-key.csv',
      'moodle.xml',
      'qti.zip',
    ])
      expect(existsSync(join(dir, f))).toBe(true);
    expect(readFileSync(join(dir, 'variant-B.html'), 'utf8')).toContain('Body 20');
    expect(r.stdout).toContain(`wrote 11 files to ${dir}`);
  });

  it.each([
    [['exam', '--seed', 's', '--variants', '0', '--out', out], /--variants: must be a whole number from 1 to 200/],
    [['exam', '--seed', 's', '--problems', 'rnn,nope', '--out', out], /--problems: unknown problem "nope"/],
    [['exam', '--seed', 's', '--points', '5', '--out', out], /--points: give 4 positive numbers/],
    [['exam', '--variants', '2', '--out', out], /--seed: required/],
    [
      ['exam', '--seed', 's', '--duration', '1.5', '--out', out],
      /^exam-variants exam: --duration: whole minutes from 1 to 600\n$/,
    ],
    [['exam', '--seed', 's', '--course', 'x'.repeat(121), '--out', out], /--course: at most 120 characters/],
    [['exam', '--seed', 's', '--date', 'a\nb', '--out', out], /--date: one line of text/],
  ])('refuses %j with exit code 2', (args, message) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('the paper around the problems', () => {
  it('prints course, date, duration, instructions and a cover page from the command line, and --json is one object', () => {
    const r = runCli([
      'exam',
      '--seed',
      'paper-options',
      '--variants',
      '2',
      '--problems',
      'gd,rnn',
      '--course',
      'Deep Learning <B3B33UI>',
      '--date',
      '12 January 2027, 9:00',
      '--duration',
      '90',
      // A value that starts with "-" is given with "=", as for any option.
      '--instructions=- Calculators are allowed.\n- Write in ink.',
      '--cover',
      '--json',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(summary).toMatchObject({
      examSeed: 'paper-options',
      labels: ['A', 'B'],
      problems: ['gd', 'rnn'],
      paper: {
        course: 'Deep Learning <B3B33UI>',
        date: '12 January 2027, 9:00',
        durationMinutes: 90,
        instructions: ['Calculators are allowed.', 'Write in ink.'],
        cover: true,
      },
      pdfs: [],
      distinctness: { headlinesDiffer: true },
    });
    expect(summary.files).toContain('variant-B-key.html');
    const sheet = readFileSync(join(out, 'paper-options', 'variant-A.html'), 'utf8');
    expect(sheet).toContain('<section class="cover"><p class="course">Deep Learning &lt;B3B33UI&gt;</p>');
    expect(sheet).toContain('<dt>Date</dt><dd>12 January 2027, 9:00</dd><dt>Duration</dt><dd>90 minutes</dd>');
    expect(sheet).toContain('<ul class="instructions"><li>Calculators are allowed.</li><li>Write in ink.</li></ul>');
    expect(sheet).toContain('<title>Deep Learning &lt;B3B33UI&gt; — Exam, Variant: A</title>');
    const key = readFileSync(join(out, 'paper-options', 'variant-A-key.html'), 'utf8');
    expect(key).not.toContain('class="cover"');
    expect(key).toContain(
      '<p class="facts"><span>Date: 12 January 2027, 9:00</span><span>Duration: 90 minutes</span></p>',
    );
  });

  it('gives each part working space sized by its answer: a box for a number, a line per matrix row and more', () => {
    const sheet = assembleExam({ ...request, variants: 1 }).variants[0];
    if (!sheet) throw new Error('no sheet');
    const student = renderVariantHtml(sheet, 'en', '', false);
    const m = (sheet.problems[0]?.variant.params as { x: number[] }).x.length;
    // batch norm: mean and variance are numbers, x-hat and y vectors, the Jacobian m rows.
    expect(student.match(/<div class="space number">/g)?.length).toBeGreaterThanOrEqual(5);
    expect(student).toContain(`<div class="space lines" data-lines="${m + 3}">`);
    expect(student).toContain('<div class="space lines" data-lines="3">');
    expect(student).toContain('<div class="space lines" data-lines="2">');
    // A choice part has its tick boxes and no working space.
    expect(student).not.toMatch(/<\/ul><div class="space/);
  });

  it('a Czech cover counts minutes and problems in Czech', () => {
    const sheet = assembleExam({ ...request, variants: 1, lang: 'cs' }).variants[0];
    if (!sheet) throw new Error('no sheet');
    const cs = renderVariantHtml(sheet, 'cs', '', false, { durationMinutes: 90, cover: true });
    expect(cs).toContain('<dt>Čas</dt><dd>90 minut</dd><dt>Úlohy</dt><dd>4 úlohy, 20 bodů</dd>');
    expect(cs).toContain('Neotáčejte list');
  });
});

/** Tags balance outside CDATA sections: enough to catch a malformed export. */
function isWellFormed(xml: string): boolean {
  const body = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/<\?xml[^>]*\?>/, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else stack.push(name ?? '');
  }
  return stack.length === 0;
}

describe('exports for other systems', () => {
  it('writes a Moodle XML question bank with one cloze question per variant and problem', async () => {
    const { examToMoodleXml } = await import('../../src/exam/moodle-xml.ts');
    const xml = examToMoodleXml(assembleExam({ ...request, variants: 2 }));
    expect(isWellFormed(xml)).toBe(true);
    expect(xml.match(/<question type="cloze">/g)).toHaveLength(8);
    expect(xml).toContain('<category><text>$course$/top/exam-variants/DL-2026-final/B</text></category>');
    expect(xml).toContain('<file name="rnn-A.svg" path="/" encoding="base64">');
    expect(xml).toContain('<defaultgrade>5</defaultgrade>');
    expect(xml).toMatch(/\{\d+:NUMERICAL:=[-\d.e]+:[\d.e-]+\}/);
    expect(xml).toMatch(/\{\d+:MULTICHOICE_V:/);
    expect(xml).toContain('\\(');
    expect(xml.replaceAll('$course$', '')).not.toMatch(/\$[^$<]*\$/);
  });

  it('writes a QTI 2.1 content package (zip) with a manifest and one item per variant and problem', async () => {
    const { examToQtiPackage } = await import('../../src/exam/qti.ts');
    const zip = examToQtiPackage(assembleExam({ ...request, variants: 2 }));
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    const text = zip.toString('utf8');
    expect(text).toContain('imsmanifest.xml');
    expect(text.match(/<assessmentItem /g)).toHaveLength(8);
    expect(text.match(/type="imsqti_item_xmlv2p1"/g)).toHaveLength(8);
    expect(text).toContain('<choiceInteraction');
    expect(text).toContain('baseType="float"');
    expect(text).toMatch(/<equal toleranceMode="absolute" tolerance="[\d.e-]+">/);
    expect(text).toContain('<img src="IDL-2026-final-A-rnn.svg"');
  });
});
