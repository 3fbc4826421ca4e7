import { getTemplate, TEMPLATE_IDS } from '../../templates/index.ts';
import type { AnyTemplate } from '../engine/template.ts';
import { describeZodError, UsageError } from './usage-error.ts';

export function resolveTemplate(problem: string | undefined): AnyTemplate {
  if (!problem) throw new UsageError(`problem: missing; one of ${TEMPLATE_IDS.join(', ')}`);
  const template = getTemplate(problem);
  if (!template) throw new UsageError(`problem: unknown problem "${problem}"; one of ${TEMPLATE_IDS.join(', ')}`);
  return template;
}

/** Validates people-given params against the template's schema, applying its defaults. */
export function validateParams(template: AnyTemplate, raw: unknown): unknown {
  const parsed = template.paramsSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(describeZodError('params', parsed.error));
  return parsed.data;
}

/** Runs the template's solver, turning a mathematical impossibility into a usage error. */
export function solveOrExplain(template: AnyTemplate, params: unknown): unknown {
  try {
    return template.solve(params);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`params: ${error.message}`);
    throw error;
  }
}
