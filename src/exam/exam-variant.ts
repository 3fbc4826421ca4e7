import type { Variant } from '../engine/generate-variant.ts';
import type { AnyTemplate } from '../engine/template.ts';

/** One problem of a printed variant: its template, the drawn variant, its points. */
export interface ExamProblem {
  template: AnyTemplate;
  variant: Variant;
  points: number;
}

/** One printed variant (A, B, ...) of an exam. */
export interface ExamVariant {
  label: string;
  problems: ExamProblem[];
}
