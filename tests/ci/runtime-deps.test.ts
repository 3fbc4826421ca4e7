import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRuntimeDeps, packageOf, runtimeSpecifiers } from '../../scripts/runtime-deps.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A small project on disk: files by path, package.json and a lockfile whose `dev` flags npm ci --omit=dev reads. */
function project(files: Record<string, string>, pkg: object, devInLock: string[] = []): string {
  const root = mkdtempSync(join(tmpdir(), 'runtime-deps-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  writeFileSync(join(root, 'package.json'), JSON.stringify(pkg));
  const packages = Object.fromEntries(devInLock.map((name) => [`node_modules/${name}`, { dev: true }]));
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ packages }));
  return root;
}

const FILES = {
  'bin/cli.js': "const { main } = await import('../src/main.ts');\nmain();\n",
  'src/main.ts': [
    "import type { Browser } from 'typed-dev';",
    "import express from 'express';",
    "import { readFileSync } from 'node:fs';",
    "import { createRequire } from 'module';",
    "export { pdf } from './pdf.ts';",
    "const css = createRequire(import.meta.url).resolve('katex/dist/katex.min.css');",
    "new Worker(new URL('./worker.mjs', import.meta.url));",
    'export const main = () => [express, readFileSync, css];',
  ].join('\n'),
  'src/pdf.ts':
    "export async function pdf() { const { chromium } = await import('playwright-core'); return chromium; }\n",
  'src/worker.mjs': "import '@scope/hoisted/sub';\n",
  // Beside the code but reached from no entry point: a test helper may use a test library.
  'src/values.test-support.ts': "import fc from 'fast-check';\nexport const any = fc.anything();\n",
};

describe('production code never loads a package that npm ci --omit=dev leaves out', () => {
  it('names the file and the package for a devDependency loaded at run time, following imports, dynamic imports and worker files', () => {
    const root = project(FILES, {
      dependencies: { express: '5', katex: '0.19' },
      devDependencies: { 'playwright-core': '1', 'typed-dev': '1', 'fast-check': '4' },
    });
    expect(checkRuntimeDeps(root)).toEqual([
      'src/pdf.ts loads "playwright-core", which is a devDependency: a production install (npm ci --omit=dev) does not provide it',
      'src/worker.mjs loads "@scope/hoisted", which is not in dependencies: a production install (npm ci --omit=dev) does not provide it',
    ]);
  });

  it('passes once the packages are dependencies, and still fails while the lockfile marks one dev-only', () => {
    const deps = { express: '5', katex: '0.19', 'playwright-core': '1', '@scope/hoisted': '1' };
    expect(checkRuntimeDeps(project(FILES, { dependencies: deps }))).toEqual([]);
    expect(checkRuntimeDeps(project(FILES, { dependencies: deps }, ['playwright-core']))).toEqual([
      'src/pdf.ts loads "playwright-core", which package-lock.json marks dev-only: run npm install to update the lockfile',
    ]);
  });

  it('counts what runs and not what is erased', () => {
    const text =
      "import type { A } from 'a';\nexport type { B } from 'b';\nimport { type C } from 'c';\nimport 'd';\nrequire('e');\n";
    expect(runtimeSpecifiers('x.ts', text)).toEqual(['c', 'd', 'e']);
    expect([
      packageOf('tsx/esm/api'),
      packageOf('@scope/pkg/deep'),
      packageOf('node:fs'),
      packageOf('fs'),
      packageOf('./x.ts'),
    ]).toEqual(['tsx', '@scope/pkg', undefined, undefined, undefined]);
  });

  it("follows imports into a workspace package and holds its files to that package's own package.json", () => {
    const root = project(
      {
        'bin/cli.js': "import { serve } from 'store-pkg/server';\nserve();\n",
        'packages/store-pkg/package.json': JSON.stringify({
          name: 'store-pkg',
          exports: { './server': './src/server.ts' },
          dependencies: { bson: '7' },
          devDependencies: { vitest: '4' },
        }),
        'packages/store-pkg/src/server.ts':
          "import { serialize } from 'bson';\nimport { Query } from 'mingo';\nimport { it } from 'vitest';\nexport const serve = () => [serialize, Query, it];\n",
      },
      // The app itself declares mingo: a workspace package must still declare what it loads.
      { dependencies: { 'store-pkg': '*', mingo: '7' } },
    );
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
    lock.packages['node_modules/store-pkg'] = { resolved: 'packages/store-pkg', link: true };
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock));
    expect(checkRuntimeDeps(root)).toEqual([
      'packages/store-pkg/src/server.ts loads "mingo", which is not in dependencies: a production install (npm ci --omit=dev) does not provide it',
      'packages/store-pkg/src/server.ts loads "vitest", which is a devDependency: a production install (npm ci --omit=dev) does not provide it',
    ]);
  });

  it('holds for this repository, including the PDF path (exam --pdf in the Docker image)', () => {
    expect(runtimeSpecifiers('print-pdf.ts', readFileSync(join(ROOT, 'src/exam/print-pdf.ts'), 'utf8'))).toContain(
      'playwright-core',
    );
    expect(checkRuntimeDeps(ROOT)).toEqual([]);
  });
});

describe('the MongoDB driver the tests use', () => {
  it('is the copy mongoose loads in production (keep the mongodb devDependency in mongoose’s range)', () => {
    const fromMongoose = createRequire(createRequire(join(ROOT, 'package.json')).resolve('mongoose')).resolve(
      'mongodb',
    );
    const fromTests = createRequire(join(ROOT, 'package.json')).resolve('mongodb');
    expect(fromMongoose).toBe(fromTests);
  });
});
