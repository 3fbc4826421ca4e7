import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_IDS, TEMPLATE_VERSIONS } from '../../templates/index.ts';
import { goldenFile, goldenSnapshot } from './golden-snapshot.ts';

/**
 * Stored attempts keep their params, but printed exams and answer keys are reproduced from seeds:
 * a change that silently alters an existing variant of any released version must fail here. If
 * the change is intended, add a new version of the template and run `npm run golden:update`.
 */
const released = TEMPLATE_IDS.flatMap((id) => TEMPLATE_VERSIONS[id].map((t) => [id, t.version] as const));

describe.each(released)('golden variants of %s version %i', (id, version) => {
  it('are unchanged', () => {
    const stored = JSON.parse(
      readFileSync(new URL(`../golden/${goldenFile(id, version)}`, import.meta.url), 'utf8'),
    ) as { version: number };
    expect(stored.version).toBe(version);
    expect(
      goldenSnapshot(id, version),
      `template ${id} version ${version} now generates different variants: add a new version instead`,
    ).toEqual(stored);
  });
});
