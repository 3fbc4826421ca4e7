import type { AnyTemplate } from '../src/engine/template.ts';
import { batchnormTemplate } from './batchnorm.ts';
import { gdTemplate } from './gd.ts';
import { policyTemplate } from './policy.ts';
import { rnnTemplate } from './rnn.ts';

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

export function getTemplate(id: string): AnyTemplate | undefined {
  return isTemplateId(id) ? TEMPLATES[id] : undefined;
}
