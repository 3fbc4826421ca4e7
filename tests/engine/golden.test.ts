import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_IDS, TEMPLATES } from '../../templates/index.ts';
import { goldenSnapshot } from './golden-snapshot.ts';

/**
 * Stored attempts keep their params, but printed exams and answer keys are reproduced from seeds:
 * a change that silently alters an existing variant must fail here. If the change is intended,
 * bump the template's version and run `npm run golden:update`.
 */
describe.each(TEMPLATE_IDS)('golden variants of %s', (id) => {
  it('are unchanged unless the template version was bumped', () => {
    const stored = JSON.parse(readFileSync(new URL(`../golden/${id}.json`, import.meta.url), 'utf8')) as { version: number };
    expect(stored.version, `template ${id} changed version: review the diff and run npm run golden:update`).toBe(TEMPLATES[id].version);
    expect(goldenSnapshot(id), `template ${id} version ${stored.version} now generates different variants: bump its version`).toEqual(stored);
  });
});
