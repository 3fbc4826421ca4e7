// Rewrites tests/golden/*.json after an intended, version-bumped template change.
import { writeFileSync } from 'node:fs';
import { TEMPLATE_IDS } from '../templates/index.ts';
import { goldenSnapshot } from '../tests/engine/golden-snapshot.ts';

for (const id of TEMPLATE_IDS) {
  const path = new URL(`../tests/golden/${id}.json`, import.meta.url);
  writeFileSync(path, `${JSON.stringify(goldenSnapshot(id), null, 2)}\n`);
  console.log(`wrote ${path.pathname}`);
}
