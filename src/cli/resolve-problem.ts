import { getTemplate, isTemplateId, TEMPLATE_IDS, TEMPLATE_VERSIONS } from '../../templates/index.ts';
import { ParamsError } from '../core/params-error.ts';
import type { AnyTemplate } from '../engine/template.ts';
import { describeZodError, UsageError } from './usage-error.ts';

/** The problem's template: the current version, or `version` (as typed after --version) when given. */
export function resolveTemplate(problem: string | undefined, version?: string): AnyTemplate {
  if (!problem) throw new UsageError(`problem: missing; one of ${TEMPLATE_IDS.join(', ')}`);
  const template = getTemplate(problem);
  if (!template || !isTemplateId(problem))
    throw new UsageError(`problem: unknown problem "${problem}"; one of ${TEMPLATE_IDS.join(', ')}`);
  if (version === undefined) return template;
  const known = TEMPLATE_VERSIONS[problem];
  const found = known.find((t) => String(t.version) === version);
  if (!found) throw new UsageError(`--version: ${problem} has versions ${known.map((t) => t.version).join(', ')}`);
  return found;
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
    if (error instanceof ParamsError)
      throw new UsageError(`${error.fields.map((f) => `params.${f}`).join(', ')}: ${error.rule}`);
    // Any other impossibility still gets one line, without the name of the function that noticed it.
    if (error instanceof RangeError)
      throw new UsageError(`params: no answer for these values (${error.message.replace(/^\w+: /, '')})`);
    throw error;
  }
}
