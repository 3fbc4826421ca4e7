import { TEMPLATES, type TemplateId } from '../../templates/index.ts';
import { generateVariant, type Variant } from '../engine/generate-variant.ts';
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
  variants: ExamVariant[];
}

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
      for (let reseed = 0; reseed <= MAX_RESEEDS; reseed++) {
        const variant = generateVariant(template, problemSeed(request.examSeed, label, id, reseed), { examFriendly: true });
        const key = JSON.stringify(variant.params);
        if (used.has(key) && reseed < MAX_RESEEDS) continue;
        used.add(key);
        return { template, variant, points: request.points[i] ?? 5 };
      }
      throw new Error('unreachable');
    });
    variants.push({ label, problems });
  }
  return { request, variants };
}

/** One printed variant again, by exam seed and label (paper and online from the same source). */
export function openPrintedVariant(request: ExamRequest, label: string): ExamVariant | undefined {
  const index = label.toUpperCase().charCodeAt(0) - 65;
  if (label.length !== 1 || index < 0 || index >= request.variants) return undefined;
  return assembleExam({ ...request, variants: index + 1 }).variants[index];
}
