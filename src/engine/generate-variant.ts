import type { AnswerType, AnswerValue } from '../core/answer-value.ts';
import { createRng, subSeed } from './rng.ts';
import {
  choicePart,
  DEFAULT_TOLERANCE,
  isManual,
  partReference,
  valuePart,
  type AnyTemplate,
  type GenerateOptions,
  type Localized,
  type Tolerance,
} from './template.ts';

const sameTolerance = (a: Tolerance, b: Tolerance): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A fixed cap so a template whose constraints are too strict fails loudly instead of looping. */
export const MAX_DRAWS = 2000;

export class ConstraintUnsatisfiedError extends Error {
  constructor(
    readonly templateId: string,
    readonly constraintId: string,
    readonly rule: string,
    readonly draws: number,
  ) {
    super(
      `template ${templateId}: no parameters satisfied constraint "${constraintId}" (${rule}) within ${draws} draws`,
    );
    this.name = 'ConstraintUnsatisfiedError';
  }
}

export interface DisplayedOption {
  /** What the student types or clicks: a, b, c, ... in the shuffled order. */
  letter: string;
  id: string;
  label: Localized;
}

export interface VariantPart {
  key: string;
  type: AnswerType;
  points: number;
  prompt: Localized;
  tolerance?: Tolerance;
  options?: DisplayedOption[];
  manual: boolean;
  optional: boolean;
  /** An intermediate step (PartSpec.step); absent for the others. */
  step?: true;
}

export interface Variant<P = unknown, A = unknown> {
  templateId: string;
  templateVersion: number;
  seed: string;
  examFriendly: boolean;
  params: P;
  answers: A;
  parts: VariantPart[];
}

export const DEFAULT_GENERATE_OPTIONS: GenerateOptions = { examFriendly: true };

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Draws params from the template's domains, re-rolling (boundedly) until every constraint holds.
 * Returns the answers too: the constraints needed them, and solving twice would double the cost.
 */
export function drawParams(
  template: AnyTemplate,
  seed: string,
  options: GenerateOptions,
): { params: unknown; answers: unknown } {
  const rng = createRng(subSeed(seed, 'params'));
  const failures = new Map<string, number>();
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const params: unknown = template.draw(rng, options);
    let failed = firstFailed(template, options, params, undefined, true);
    // Solved only once the params pass the checks that need nothing else.
    const answers: unknown = failed === undefined ? template.solve(params) : undefined;
    failed ??= firstFailed(template, options, params, answers, false);
    if (failed === undefined) return { params, answers };
    failures.set(failed, (failures.get(failed) ?? 0) + 1);
  }
  const [worstId] = [...failures.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['unknown'];
  const worst = template.constraints.find((c) => c.id === worstId);
  throw new ConstraintUnsatisfiedError(template.id, worstId, worst?.rule ?? '', MAX_DRAWS);
}

/** The id of the first applicable constraint (of one phase: params-only or not) that fails. */
function firstFailed(
  template: AnyTemplate,
  options: GenerateOptions,
  params: unknown,
  answers: unknown,
  paramsOnly: boolean,
): string | undefined {
  for (const c of template.constraints) {
    if ((c.paramsOnly ?? false) !== paramsOnly) continue;
    if (c.scope === 'examFriendly' && !options.examFriendly) continue;
    if (!c.check(params, answers)) return c.id;
  }
  return undefined;
}

/**
 * Lays out the parts of a variant. Choice options are shuffled with their own sub-seed, so a
 * template that adds an option never changes another variant's numbers. Without a seed
 * (params typed in by a person) options keep their authoring order.
 */
export function layoutParts(template: AnyTemplate, seed: string): VariantPart[] {
  const rng = seed ? createRng(subSeed(seed, 'options')) : undefined;
  return template.parts.map((spec) => {
    const part: VariantPart = {
      key: spec.key,
      type: spec.type,
      points: spec.points,
      prompt: spec.prompt,
      manual: isManual(spec),
      optional: spec.optional === true,
      ...(spec.step ? { step: true as const } : {}),
    };
    // The default is implied (graders and exports fall back to it), so a variant records only another one.
    const tolerance = valuePart(spec)?.tolerance;
    if (tolerance && !sameTolerance(tolerance, DEFAULT_TOLERANCE)) part.tolerance = tolerance;
    const choice = choicePart(spec);
    if (choice) {
      part.options = (rng ? rng.shuffle(choice.options) : choice.options).map((o, i) => ({
        letter: LETTERS[i] as string,
        id: o.id,
        label: o.label,
      }));
    }
    return part;
  });
}

/** A variant is a function of (template, seed, options) only. */
export function generateVariant(
  template: AnyTemplate,
  seed: string,
  options: GenerateOptions = DEFAULT_GENERATE_OPTIONS,
): Variant {
  const { params, answers } = drawParams(template, seed, options);
  return {
    templateId: template.id,
    templateVersion: template.version,
    seed,
    examFriendly: options.examFriendly,
    params,
    answers,
    parts: layoutParts(template, seed),
  };
}

/** Rebuilds a variant from stored params, so a stored attempt never depends on re-drawing. */
export function variantFromParams(template: AnyTemplate, params: unknown, seed = ''): Variant {
  return {
    templateId: template.id,
    templateVersion: template.version,
    seed,
    examFriendly: false,
    params,
    answers: template.solve(params),
    parts: layoutParts(template, seed),
  };
}

/** The reference value of every auto-graded part. */
export function referenceValues(template: AnyTemplate, params: unknown, answers: unknown): Map<string, AnswerValue> {
  const out = new Map<string, AnswerValue>();
  for (const spec of template.parts) {
    const reference = partReference(spec, answers, params);
    if (reference) out.set(spec.key, reference);
  }
  return out;
}

/** A variant as stored and compared: answers as JSON, so it survives a round trip through MongoDB. */
export function serializeVariant(template: AnyTemplate, variant: Variant): string {
  return JSON.stringify({ ...variant, answers: template.answersToJson(variant.answers) });
}
