import { TEMPLATE_IDS, TEMPLATES, type TemplateId } from '../../templates/index.ts';
import { generateVariant, variantFromParams, type Variant } from '../engine/generate-variant.ts';
import type { AnyTemplate, Lang } from '../engine/template.ts';

export interface ExamRequest {
  examSeed: string;
  variants: number;
  problems: TemplateId[];
  lang: Lang;
  points: number[];
}

export interface ExamProblem {
  template: AnyTemplate;
  variant: Variant;
  points: number;
}

export interface ExamVariant {
  label: string;
  problems: ExamProblem[];
}

export interface Exam {
  request: ExamRequest;
  /** The request's fields again at the top, so a caller reads `exam.examSeed`, `exam.labels`. */
  examSeed: string;
  labels: string[];
  problems: TemplateId[];
  lang: Lang;
  points: number[];
  variants: ExamVariant[];
}

export const DEFAULT_PROBLEM_POINTS = 5;

export const MAX_VARIANTS = 26;
const MAX_RESEEDS = 50;

export function variantLabel(index: number): string {
  return String.fromCharCode(65 + index);
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
 * The same exam seed always gives the same variants; within one exam no two variants share a
 * problem's parameters (a collision re-seeds deterministically, a bounded number of times).
 */
export function assembleExam(request: ExamRequest): Exam {
  const seen = new Map<string, Set<string>>();
  const variants: ExamVariant[] = [];
  for (let v = 0; v < request.variants; v++) {
    const label = variantLabel(v);
    const problems = request.problems.map((id, i) => {
      const template: AnyTemplate = TEMPLATES[id];
      const used = seen.get(id) ?? new Set<string>();
      seen.set(id, used);
      const variant = firstDistinct(used, (reseed) => generateVariant(template, problemSeed(request.examSeed, label, id, reseed), { examFriendly: true }));
      return { template, variant, points: request.points[i] ?? DEFAULT_PROBLEM_POINTS };
    });
    variants.push({ label, problems });
  }
  return { request, examSeed: request.examSeed, labels: variants.map((v) => v.label), problems: request.problems, lang: request.lang, points: request.points, variants };
}

/**
 * One printed variant again, by exam seed and label (paper and online from the same source).
 * Earlier labels are assembled too: a collision with an earlier variant re-seeds this one.
 */
export function openPrintedVariant(request: ExamRequest, label: string): ExamVariant | undefined;
export function openPrintedVariant(examSeed: string, label: string, problems?: TemplateId[], points?: number[]): ExamVariant | undefined;
export function openPrintedVariant(first: ExamRequest | string, label: string, problems: TemplateId[] = TEMPLATE_IDS, points?: number[]): ExamVariant | undefined {
  const index = label.toUpperCase().charCodeAt(0) - 65;
  if (label.length !== 1 || index < 0 || index >= MAX_VARIANTS) return undefined;
  const request: ExamRequest =
    typeof first === 'string' ? { examSeed: first, variants: index + 1, problems, lang: 'en', points: points ?? problems.map(() => DEFAULT_PROBLEM_POINTS) } : first;
  if (index >= request.variants) return undefined;
  return assembleExam({ ...request, variants: index + 1 }).variants[index];
}

/** A problem as an online attempt stores it: the template, and its seed or its params. */
export interface StoredProblem {
  templateId: TemplateId;
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
      const template: AnyTemplate = TEMPLATES[p.templateId];
      const variant =
        p.params !== undefined
          ? variantFromParams(template, template.paramsSchema.parse(p.params), p.seed ?? '')
          : generateVariant(template, p.seed ?? '', { examFriendly: true });
      return { template, variant, points: p.points ?? DEFAULT_PROBLEM_POINTS };
    }),
  };
}
