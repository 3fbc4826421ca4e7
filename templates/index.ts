import { templateRegistry } from '../src/engine/template-registry.ts';
import { batchnormTemplate, batchnormTemplateV1, batchnormTemplateV2 } from './batchnorm.ts';
import { gdTemplate, gdTemplateV1, gdTemplateV2 } from './gd.ts';
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
  batchnorm: [batchnormTemplateV1, batchnormTemplateV2, batchnormTemplate],
  rnn: [rnnTemplateV1, rnnTemplate],
  policy: [policyTemplateV1, policyTemplate],
  gd: [gdTemplateV1, gdTemplateV2, gdTemplate],
} as const;

export type TemplateId = keyof typeof FAMILIES;
export const { TEMPLATE_IDS, isTemplateId, TEMPLATE_VERSIONS, TEMPLATES, getTemplate } = templateRegistry(FAMILIES);
