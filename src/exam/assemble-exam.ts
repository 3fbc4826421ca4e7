import { getTemplate, TEMPLATE_IDS, type TemplateId } from '../../templates/index.ts';
import { gradedAnswerKeys } from '../engine/answer-identity.ts';
import { pickDistinctVariant, recordInLedger, type AnswerLedger } from '../engine/distinct-variant.ts';
import { generateVariant, variantFromParams, type Variant } from '../engine/generate-variant.ts';
import type { AnyTemplate, Lang } from '../engine/template.ts';
import { BoundedCache } from '../lib/bounded-cache.ts';
import { describeDistinctness, type ExamDistinctness } from './exam-distinctness.ts';
import type { ExamProblem, ExamVariant } from './exam-variant.ts';
import type { PaperOptions } from './paper-options.ts';

export interface ExamRequest {
  examSeed: string;
  variants: number;
  problems: TemplateId[];
  lang: Lang;
  points: number[];
  /**
   * The template version of each problem; absent means the current ones. A printed exam is
   * reproduced from the versions it was made with (recorded with it).
   */
  templateVersions?: number[];
  /** What is printed around the problems (course, date, duration, instructions, cover); never changes a variant. */
  paper?: PaperOptions;
}

export type { ExamProblem, ExamVariant };

export interface Exam {
  request: ExamRequest;
  /** The request's fields again at the top, so a caller reads `exam.examSeed`, `exam.labels`. */
  examSeed: string;
  labels: string[];
  problems: TemplateId[];
  lang: Lang;
  points: number[];
  variants: ExamVariant[];
  /** Which answers, if any, two variants share (the key says so). */
  distinctness: ExamDistinctness;
}

export const DEFAULT_PROBLEM_POINTS = 5;

export const MAX_VARIANTS = 200;
const MAX_RESEEDS = 50;
/**
 * Candidates tried per problem and variant before settling for the one least like its neighbours.
 * With hundreds of values per answer a clash-free one comes within a few; an answer with fewer
 * values than the exam has variants (policy's pi) cannot avoid repeats, and this bounds the search.
 */
const MAX_REROLLS = 24;

/** A, B, ..., Z, AA, AB, ..., AZ, BA, ...: as spreadsheet columns, so any count of variants has labels. */
export function variantLabel(index: number): string {
  let label = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) label = String.fromCharCode(65 + ((n - 1) % 26)) + label;
  return label;
}

/** The index of a label (A -> 0, AA -> 26); -1 for anything that is not a label. */
export function labelIndex(label: string): number {
  if (!/^[A-Z]{1,3}$/.test(label)) return -1;
  let n = 0;
  for (const ch of label) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** The template each problem of the request is drawn from. */
function requestTemplates(request: ExamRequest): AnyTemplate[] {
  return request.problems.map((id, i) => {
    const version = request.templateVersions?.[i];
    const template = getTemplate(id, version);
    if (!template) throw new RangeError(`templateVersions: ${id} has no version ${String(version)}`);
    return template;
  });
}

/** The seed of one problem of one printed variant: reproducible from the exam seed and the label. */
export function problemSeed(examSeed: string, label: string, templateId: string, reseed = 0): string {
  return `${examSeed}/${label}/${templateId}${reseed ? `#${reseed}` : ''}`;
}

/**
 * The first of draw(0), draw(1), ... whose params no earlier variant used (recorded in `used`).
 * Bounded: a family too small for the exam repeats a variant rather than loop for ever.
 */
export function firstDistinct(used: Set<string>, draw: (reseed: number) => Variant): Variant {
  for (let reseed = 0; ; reseed++) {
    const variant = draw(reseed);
    const key = JSON.stringify(variant.params, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    if (used.has(key) && reseed < MAX_RESEEDS) continue;
    used.add(key);
    return variant;
  }
}

/**
 * The same exam seed always gives the same variants. Within one exam no two variants share a
 * problem's headline answer and, where the family has enough values, any graded answer (compared
 * up to row order): a candidate that would repeat a neighbour's answer is re-seeded
 * deterministically (#1, #2, ...). Version-1 templates keep the rule their printed exams were
 * made with (only the params differ), so those exams regenerate unchanged.
 */
export function assembleExam(request: ExamRequest): Exam {
  const templates = requestTemplates(request);
  const seen = new Map<string, Set<string>>();
  const ledgers = new Map<string, AnswerLedger>();
  const variants: ExamVariant[] = [];
  for (let v = 0; v < request.variants; v++) {
    const label = variantLabel(v);
    const problems = request.problems.map((id, i) => {
      const template = templates[i] as AnyTemplate;
      const seedOf = (reseed: number) => problemSeed(request.examSeed, label, id, reseed);
      return {
        template,
        variant: pickVariant(template, seedOf, seen, ledgers),
        points: request.points[i] ?? DEFAULT_PROBLEM_POINTS,
      };
    });
    variants.push({ label, problems });
  }
  return {
    request,
    examSeed: request.examSeed,
    labels: variants.map((v) => v.label),
    problems: request.problems,
    lang: request.lang,
    points: request.points,
    variants,
    distinctness: describeDistinctness(variants),
  };
}

function pickVariant(
  template: AnyTemplate,
  seedOf: (reseed: number) => string,
  seen: Map<string, Set<string>>,
  ledgers: Map<string, AnswerLedger>,
): Variant {
  if (template.version === 1) {
    const used = seen.get(template.id) ?? new Set<string>();
    seen.set(template.id, used);
    return firstDistinct(used, (reseed) => generateVariant(template, seedOf(reseed), { examFriendly: true }));
  }
  const ledger = ledgers.get(template.id) ?? new Map();
  ledgers.set(template.id, ledger);
  const pick = pickDistinctVariant(template, seedOf, ledger, gradedAnswerKeys(template), MAX_REROLLS);
  recordInLedger(ledger, pick.identities);
  return pick.variant;
}

/**
 * One printed variant again, by exam seed and label (paper and online from the same source).
 * Earlier labels are assembled too: a collision with an earlier variant re-seeds this one.
 */
export function openPrintedVariant(request: ExamRequest, label: string): ExamVariant | undefined;
export function openPrintedVariant(
  examSeed: string,
  label: string,
  problems?: TemplateId[],
  points?: number[],
): ExamVariant | undefined;
export function openPrintedVariant(
  first: ExamRequest | string,
  label: string,
  problems: TemplateId[] = TEMPLATE_IDS,
  points?: number[],
): ExamVariant | undefined {
  const index = labelIndex(label.toUpperCase());
  if (index < 0 || index >= MAX_VARIANTS) return undefined;
  const request: ExamRequest =
    typeof first === 'string'
      ? {
          examSeed: first,
          variants: index + 1,
          problems,
          lang: 'en',
          points: points ?? problems.map(() => DEFAULT_PROBLEM_POINTS),
        }
      : first;
  if (index >= request.variants) return undefined;
  // Only the variants up to this one decide it (later ones never re-seed earlier ones).
  const upTo = { ...request, variants: index + 1 };
  return printedVariants.getOrCreate(
    JSON.stringify([upTo.examSeed, upTo.variants, upTo.problems, upTo.points, upTo.templateVersions ?? null]),
    () => assembleExam(upTo).variants[index],
  );
}

/**
 * An activity delivering printed variant Z re-assembles 26 variants for every learner's first
 * launch (~100 ms of re-seeding); the result is a pure function of the request, so it is kept.
 */
const printedVariants = new BoundedCache<string, ExamVariant | undefined>(64);

/** A problem as an online attempt stores it: the template, and its seed or its params. */
export interface StoredProblem {
  templateId: TemplateId;
  /** The version it was drawn from (absent: the current one). */
  templateVersion?: number;
  /** The seed the variant was drawn with; also fixes the order of the choice options. */
  seed?: string;
  /** Params as stored; when given they win over re-drawing from the seed. */
  params?: unknown;
  points?: number;
}

/** Any online attempt as a printable sheet (for renderVariantHtml), from its seeds or stored params. */
export function printableVariant(label: string, problems: readonly StoredProblem[]): ExamVariant {
  return {
    label,
    problems: problems.map((p) => {
      const template = getTemplate(p.templateId, p.templateVersion);
      if (!template)
        throw new RangeError(`templateVersion: ${p.templateId} has no version ${String(p.templateVersion)}`);
      const variant =
        p.params !== undefined
          ? variantFromParams(template, template.paramsSchema.parse(p.params), p.seed ?? '')
          : generateVariant(template, p.seed ?? '', { examFriendly: true });
      return { template, variant, points: p.points ?? DEFAULT_PROBLEM_POINTS };
    }),
  };
}
