import type { AnyTemplate } from '../src/engine/template.ts';
import { batchnormTemplate, batchnormTemplateV1 } from './batchnorm.ts';
import { gdTemplate, gdTemplateV1 } from './gd.ts';
import { policyTemplate, policyTemplateV1 } from './policy.ts';
import { rnnTemplate, rnnTemplateV1 } from './rnn.ts';

/** Every problem family. Adding one means a new file here and one line below. */
export const TEMPLATES = {
  batchnorm: batchnormTemplate,
  rnn: rnnTemplate,
  policy: policyTemplate,
  gd: gdTemplate,
} satisfies Record<string, AnyTemplate>;

export type TemplateId = keyof typeof TEMPLATES;
export const TEMPLATE_IDS = Object.keys(TEMPLATES) as TemplateId[];

export function isTemplateId(id: string): id is TemplateId {
  return Object.hasOwn(TEMPLATES, id);
}

/**
 * Every version of every family that existing attempts or printed exams may have been drawn from,
 * oldest first; the current one (TEMPLATES) is the last. A version is never changed once released:
 * stored attempts and printed exams regenerate from theirs (golden snapshots guard each one).
 */
export const TEMPLATE_VERSIONS: Record<TemplateId, readonly AnyTemplate[]> = {
  batchnorm: [batchnormTemplateV1, batchnormTemplate],
  rnn: [rnnTemplateV1, rnnTemplate],
  policy: [policyTemplateV1, policyTemplate],
  gd: [gdTemplateV1, gdTemplate],
};

/** The template of that family at that version (the current one without a version); undefined if unknown. */
export function getTemplate(id: string, version?: number): AnyTemplate | undefined {
  if (!isTemplateId(id)) return undefined;
  return version === undefined ? TEMPLATES[id] : TEMPLATE_VERSIONS[id].find((t) => t.version === version);
}
