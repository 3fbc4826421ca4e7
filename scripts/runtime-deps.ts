// Which npm packages the production code loads at run time, and whether a production install
// (`npm ci --omit=dev`, as the Docker image does it) keeps them. A package that is only a
// devDependency passes every test and then fails in the image, as `exam --pdf` once did.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Where production starts: the CLI (`npm start` and the Docker CMD run `bin/exam-variants.js serve`). */
export const ENTRY_DIR = 'bin';

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** The package a bare specifier names ('tsx/esm/api' -> 'tsx'); undefined for builtins and relative paths. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#') || isBuiltin(specifier))
    return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const literal = (node: ts.Node | undefined): string | undefined =>
  node && ts.isStringLiteralLike(node) ? node.text : undefined;

/** `require('x')`, `require.resolve('x')`, `import.meta.resolve('x')`: the module is needed at run time. */
function calledSpecifier(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  const arg = literal(call.arguments[0]);
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return arg;
  if (ts.isIdentifier(callee) && callee.text === 'require') return arg;
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'resolve') {
    const target = callee.expression;
    if (ts.isIdentifier(target) && target.text === 'require') return arg;
    if (ts.isMetaProperty(target)) return arg;
  }
  return undefined;
}

/**
 * The module specifiers a file loads when it runs. `import type` and `export type` are erased
 * (verbatimModuleSyntax keeps every other import, even one naming only types), so they do not count.
 */
export function runtimeSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) found.push(literal(node.moduleSpecifier) ?? '');
    else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier)
      found.push(literal(node.moduleSpecifier) ?? '');
    else if (
      ts.isImportEqualsDeclaration(node) &&
      !node.isTypeOnly &&
      ts.isExternalModuleReference(node.moduleReference)
    )
      found.push(literal(node.moduleReference.expression) ?? '');
    else if (ts.isCallExpression(node)) {
      const specifier = calledSpecifier(node);
      if (specifier !== undefined) found.push(specifier);
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      // new URL('./thread-entry.mjs', import.meta.url): a file started by path (a worker thread).
      const [first, base] = node.arguments ?? [];
      const specifier = literal(first);
      if (
        specifier?.startsWith('.') &&
        base &&
        ts.isPropertyAccessExpression(base) &&
        ts.isMetaProperty(base.expression)
      )
        found.push(specifier);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter(Boolean);
}

/** A relative specifier's file, if it is source code (a folder or an asset is not followed). */
function resolveRelative(from: string, specifier: string): string | undefined {
  const path = resolve(dirname(from), specifier);
  return SOURCE.test(path) && existsSync(path) ? path : undefined;
}

/**
 * The file a specifier naming a workspace package loads ('pkg' or 'pkg/sub' through its `exports`),
 * or undefined when `name` is not a workspace package of this repository.
 */
function resolveWorkspace(root: string, lock: LockFile, name: string, specifier: string): string | undefined {
  const entry = lock.packages?.[`node_modules/${name}`];
  if (!entry?.link || !entry.resolved) return undefined;
  const dir = join(root, entry.resolved);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  const subpath = `.${specifier.slice(name.length)}`;
  const target = typeof pkg.exports === 'string' ? (subpath === '.' ? pkg.exports : undefined) : pkg.exports?.[subpath];
  return typeof target === 'string' ? resolveRelative(join(dir, 'package.json'), target) : undefined;
}

/**
 * Every source file production runs, followed import by import from the entry points (into the
 * repository's own workspace packages too), so a test helper kept beside the code it tests (and
 * importing a test library) is not counted.
 */
function productionImports(root: string, lock: LockFile): { file: string; specifier: string }[] {
  const queue = readdirSync(join(root, ENTRY_DIR))
    .filter((f) => SOURCE.test(f))
    .map((f) => join(root, ENTRY_DIR, f));
  const seen = new Set(queue);
  const imports: { file: string; specifier: string }[] = [];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const specifier of runtimeSpecifiers(file, readFileSync(file, 'utf8'))) {
      const name = packageOf(specifier);
      if (!specifier.startsWith('.')) imports.push({ file, specifier });
      const next = specifier.startsWith('.')
        ? resolveRelative(file, specifier)
        : name && resolveWorkspace(root, lock, name, specifier);
      if (next && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return imports;
}

/** The folder of the package.json that governs `file`: the repository's or a workspace package's. */
function packageDirOf(root: string, file: string): string {
  for (let dir = dirname(file); dir.startsWith(root) && dir !== root; dir = dirname(dir))
    if (existsSync(join(dir, 'package.json'))) return dir;
  return root;
}

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  exports?: string | Record<string, string>;
}
interface LockFile {
  packages?: Record<string, { dev?: boolean; link?: boolean; resolved?: string }>;
}

/**
 * One line per runtime import that a production install would not satisfy: the package is not a
 * declared dependency (a devDependency, or only someone else's dependency that happens to be
 * hoisted), or the lockfile marks it dev-only, so `npm ci --omit=dev` leaves it out.
 */
export function checkRuntimeDeps(root: string): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as LockFile;
  const problems: string[] = [];
  for (const { file, specifier } of productionImports(root, lock)) {
    const where = relative(root, file).split(sep).join('/');
    const name = packageOf(specifier);
    if (name === undefined) continue;
    // Each file answers to its own package.json: a workspace package declares what it loads.
    const pkgDir = packageDirOf(root, file);
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as PackageJson;
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})]);
    const nested = `${relative(root, pkgDir).split(sep).join('/')}/node_modules/${name}`;
    const installed = lock.packages?.[nested] ?? lock.packages?.[`node_modules/${name}`];
    if (!declared.has(name)) {
      const dev = Object.keys(pkg.devDependencies ?? {}).includes(name);
      problems.push(
        `${where} loads "${name}", which is ${dev ? 'a devDependency' : 'not in dependencies'}: a production install (npm ci --omit=dev) does not provide it`,
      );
    } else if (installed?.dev) {
      problems.push(
        `${where} loads "${name}", which package-lock.json marks dev-only: run npm install to update the lockfile`,
      );
    }
  }
  return [...new Set(problems)];
}
