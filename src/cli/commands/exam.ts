import { parseArgs } from 'node:util';
import { getTemplate, isTemplateId, TEMPLATE_IDS, type TemplateId } from '../../../templates/index.ts';
import { assembleExam, MAX_VARIANTS } from '../../exam/assemble-exam.ts';
import { join } from 'node:path';
import { printPdfs, seedSlug, writeExamFiles } from '../../exam/write-exam.ts';
import { distinctnessText } from '../../exam/exam-distinctness.ts';
import { UsageError } from '../usage-error.ts';
import { PaperOptionError, readPaperOptions, type PaperOptions } from '../../exam/paper-options.ts';
import type { Exam } from '../../exam/assemble-exam.ts';
import type { WrittenExam } from '../../exam/write-exam.ts';

export { examHelp } from './exam-help.ts';

const row = (files: string, what: string): string => `  ${files.padEnd(36)}${what}`;

export async function runExam(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      seed: { type: 'string' },
      variants: { type: 'string', default: '1' },
      problems: { type: 'string', default: TEMPLATE_IDS.join(',') },
      lang: { type: 'string', default: 'en' },
      points: { type: 'string' },
      versions: { type: 'string' },
      pdf: { type: 'boolean', default: false },
      out: { type: 'string' },
      course: { type: 'string' },
      date: { type: 'string' },
      duration: { type: 'string' },
      instructions: { type: 'string' },
      cover: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.seed) throw new UsageError('--seed: required, any non-empty text');
  if (!values.out) throw new UsageError('--out: required, the folder to write to');
  const variants = Number(values.variants);
  if (!Number.isInteger(variants) || variants < 1 || variants > MAX_VARIANTS)
    throw new UsageError(`--variants: must be a whole number from 1 to ${MAX_VARIANTS}`);
  const problems = values.problems.split(',').map((p) => p.trim());
  for (const p of problems)
    if (!isTemplateId(p)) throw new UsageError(`--problems: unknown problem "${p}"; one of ${TEMPLATE_IDS.join(', ')}`);
  const twice = problems.find((p, i) => problems.indexOf(p) !== i);
  if (twice) throw new UsageError(`--problems: "${twice}" is listed twice; each problem once`);
  if (values.lang !== 'en' && values.lang !== 'cs') throw new UsageError('--lang: must be en or cs');
  const points = values.points ? values.points.split(',').map(Number) : problems.map(() => 5);
  if (points.length !== problems.length || points.some((p) => !Number.isFinite(p) || p <= 0))
    throw new UsageError(`--points: give ${problems.length} positive numbers, one per problem`);
  const templateVersions = values.versions?.split(',').map(Number);
  if (
    templateVersions &&
    (templateVersions.length !== problems.length || problems.some((p, i) => !getTemplate(p, templateVersions[i])))
  ) {
    throw new UsageError(
      `--versions: give ${problems.length} template versions, one per problem, each one that exists (as the exam's answer key records them)`,
    );
  }
  const paper = cliPaperOptions(values);
  const exam = assembleExam({
    examSeed: values.seed,
    variants,
    problems: problems as TemplateId[],
    lang: values.lang,
    points,
    ...(templateVersions ? { templateVersions } : {}),
    paper,
  });
  // One folder per exam seed, so generating a resit next to the final never mixes their files.
  let written = writeExamFiles(exam, join(values.out, seedSlug(values.seed)));
  if (values.pdf) written = await printPdfs(written);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(examSummary(exam, written))}\n`);
    return 0;
  }
  const labels = exam.labels.length > 1 ? `${exam.labels[0]}..${exam.labels.at(-1)}` : exam.labels[0];
  process.stdout.write(
    [
      `wrote ${written.files.length + written.pdfs.length} files to ${written.dir}`,
      row(
        'variant-X.html, variant-X-key.html',
        `student sheet and key for variants ${labels} (${problems.join(', ')}; points ${points.join(', ')})`,
      ),
      row('answer-key.html, .json, .csv', "every variant's answers and points"),
      row('moodle.xml, qti.zip', 'question banks for Moodle and QTI 2.1 (Canvas)'),
      written.pdfs.length ? row(`${written.pdfs.length} PDFs`, 'A4, through headless Chromium') : '',
      written.pdfMessage ?? '',
      distinctnessText(exam.distinctness, exam.variants.length, 'en'),
    ]
      .filter(Boolean)
      .join('\n') + '\n',
  );
  return 0;
}

/** --course, --date, --duration, --instructions (one a line), --cover, checked as the web form checks them. */
function cliPaperOptions(values: {
  course?: string | undefined;
  date?: string | undefined;
  duration?: string | undefined;
  instructions?: string | undefined;
  cover?: boolean | undefined;
}): PaperOptions {
  try {
    return readPaperOptions(values);
  } catch (error) {
    if (error instanceof PaperOptionError) throw new UsageError(`--${error.message}`);
    throw error;
  }
}

/** What `exam --json` prints: one object, like every other command. */
function examSummary(exam: Exam, written: WrittenExam) {
  return {
    examSeed: exam.examSeed,
    dir: written.dir,
    labels: exam.labels,
    problems: exam.problems,
    points: exam.points,
    lang: exam.lang,
    paper: exam.request.paper ?? {},
    files: written.files,
    pdfs: written.pdfs,
    ...(written.pdfMessage ? { pdfMessage: written.pdfMessage } : {}),
    distinctness: { ...exam.distinctness, statement: distinctnessText(exam.distinctness, exam.variants.length, 'en') },
  };
}
