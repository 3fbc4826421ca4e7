import type { Variant } from '../engine/generate-variant.ts';
import type { AnyTemplate } from '../engine/template.ts';

/** One problem of an attempt, ready to show and grade: its template, the learner's variant, its points. */
export interface LoadedProblem {
  template: AnyTemplate;
  variant: Variant;
  points: number;
}
