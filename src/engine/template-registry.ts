import type { AnyTemplate } from './template.ts';

/** A family's versions, oldest first; the last is the current one. */
export type TemplateVersions = readonly [AnyTemplate, ...AnyTemplate[]];

/**
 * The lookups every caller needs, made from one object of families (one line each), so a family
 * is added in one place and the ids, the current versions and the help texts follow.
 */
export function templateRegistry<F extends Record<string, TemplateVersions>>(families: F) {
  type Id = keyof F & string;
  const entries = Object.entries(families) as Array<[Id, TemplateVersions]>;
  const ids = entries.map(([id]) => id);
  const isTemplateId = (id: string): id is Id => Object.hasOwn(families, id);
  /** Every version of every family that existing attempts or printed exams may have been drawn from, oldest first. */
  const versions = Object.fromEntries(entries) as Record<Id, TemplateVersions>;
  /** The current version of every family. */
  const current = Object.fromEntries(entries.map(([id, all]) => [id, all[all.length - 1] as AnyTemplate])) as Record<
    Id,
    AnyTemplate
  >;
  /** The template of that family at that version (the current one without a version); undefined if unknown. */
  const getTemplate = (id: string, version?: number): AnyTemplate | undefined => {
    if (!isTemplateId(id)) return undefined;
    return version === undefined ? current[id] : versions[id]?.find((t) => t.version === version);
  };
  return {
    FAMILIES: families,
    TEMPLATE_IDS: ids,
    isTemplateId,
    TEMPLATE_VERSIONS: versions,
    TEMPLATES: current,
    getTemplate,
  };
}
