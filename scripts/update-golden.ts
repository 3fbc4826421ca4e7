// Writes tests/golden/ for the current version of each template after an intended change (a new
// version). Released older versions are frozen: their files are written only when missing.
import { existsSync, writeFileSync } from 'node:fs';
import { TEMPLATE_IDS, TEMPLATE_VERSIONS, TEMPLATES } from '../templates/index.ts';
import { goldenFile, goldenSnapshot } from '../tests/engine/golden-snapshot.ts';

for (const id of TEMPLATE_IDS) {
  for (const { version } of TEMPLATE_VERSIONS[id]) {
    const path = new URL(`../tests/golden/${goldenFile(id, version)}`, import.meta.url);
    if (version !== TEMPLATES[id].version && existsSync(path)) continue;
    writeFileSync(path, `${JSON.stringify(goldenSnapshot(id, version), null, 2)}\n`);
    console.log(`wrote ${path.pathname}`);
  }
}
