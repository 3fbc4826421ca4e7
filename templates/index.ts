import type { AnyTemplate } from '../src/engine/template.ts';
import { batchnormTemplate, batchnormTemplateV1 } from './batchnorm.ts';
import { gdTemplate, gdTemplateV1 } from './gd.ts';
import { policyTemplate, policyTemplateV1 } from './policy.ts';
import { rnnTemplate, rnnTemplateV1 } from './rnn.ts';

/**
 * Every problem family, one line each: its versions oldest first, the current one last. Adding a
 * family is a template file, its core function and one line here (docs/adding-a-problem.md); the
 * CLI's help, the problem lists of the instructor pages and the exam form all read this.
 * A version is never changed once released: stored attempts and printed exams regenerate from
 * theirs (golden snapshots guard each one).
 */
export const FAMILIES = {
  batchnorm: [batchnormTemplateV1, batchnormTemplate],
  rnn: [rnnTemplateV1, rnnTemplate],
  policy: [policyTemplateV1, policyTemplate],
  gd: [gdTemplateV1, gdTemplate],
} satisfies Record<string, readonly [AnyTemplate, ...AnyTemplate[]]>;

export type TemplateId = keyof typeof FAMILIES;
export const TEMPLATE_IDS = Object.keys(FAMILIES) as TemplateId[];

export function isTemplateId(id: string): id is TemplateId {
  return Object.hasOwn(FAMILIES, id);
}

/** Every version of every family that existing attempts or printed exams may have been drawn from, oldest first. */
export const TEMPLATE_VERSIONS: Record<TemplateId, readonly AnyTemplate[]> = FAMILIES;

/** The current version of every family. */
export const TEMPLATES = Object.fromEntries(
  TEMPLATE_IDS.map((id) => [id, FAMILIES[id][FAMILIES[id].length - 1] as AnyTemplate]),
) as Record<TemplateId, AnyTemplate>;

/** The template of that family at that version (the current one without a version); undefined if unknown. */
export function getTemplate(id: string, version?: number): AnyTemplate | undefined {
  if (!isTemplateId(id)) return undefined;
  return version === undefined ? TEMPLATES[id] : TEMPLATE_VERSIONS[id].find((t) => t.version === version);
}
