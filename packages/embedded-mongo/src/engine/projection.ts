import type { Document } from 'bson';

/**
 * The two projections drivers and ODMs send most, without mingo: every find of ltijs excludes
 * `_id` and `__v`, and the tool's own reads include a few field paths. Each document is projected
 * by one walk of a tree made once per query; anything else (operators, positional or numeric path
 * parts, inclusion and exclusion mixed, a path inside another) returns undefined and mingo runs.
 * The projection.test.ts property test holds both to mingo's answers.
 */
export type FastProjection = (doc: Document) => Document;

/** A field kept whole (true) or the fields kept inside it. */
type Tree = { [field: string]: Tree | true };

export function compileFastProjection(projection: Document): FastProjection | undefined {
  const entries = Object.entries(projection);
  if (entries.length === 0) return undefined;
  const on = (v: unknown) => v === 1 || v === true;
  const off = (v: unknown) => v === 0 || v === false;
  if (!entries.every(([path, v]) => plainPath(path) && (on(v) || off(v)))) return undefined;
  const included = entries.filter(([path, v]) => on(v) && path !== '_id');
  const excluded = entries.filter(([path, v]) => off(v) && path !== '_id');
  if (included.length > 0 && excluded.length > 0) return undefined;
  if (included.length === 0) {
    // Exclusion of top-level fields (and perhaps _id): a shallow copy without them.
    if (entries.some(([path, v]) => path.includes('.') || on(v))) return undefined;
    const drop = new Set(entries.filter(([, v]) => off(v)).map(([path]) => path));
    if (drop.size === 0) return undefined;
    return (doc) => {
      const out: Document = {};
      for (const key of Object.keys(doc)) if (!drop.has(key)) out[key] = doc[key];
      return out;
    };
  }
  const tree: Tree = {};
  for (const [path] of included) if (!addPath(tree, path.split('.'))) return undefined;
  const keepId = !entries.some(([path, v]) => path === '_id' && off(v));
  if (keepId && !('_id' in tree)) tree._id = true;
  return (doc) => keep(doc, tree);
}

/** Letters, digits, _ and - in every part, and no part all digits (an array position). */
function plainPath(path: string): boolean {
  return path.split('.').every((part) => /^[A-Za-z_][\w-]*$/.test(part));
}

/** False when the path runs into or through another one ({a: 1, 'a.b': 1} is a collision). */
function addPath(tree: Tree, parts: string[]): boolean {
  const [head, ...rest] = parts as [string, ...string[]];
  const at = tree[head];
  if (rest.length === 0) {
    if (at !== undefined) return false;
    tree[head] = true;
    return true;
  }
  if (at === true) return false;
  const sub = at ?? (tree[head] = {});
  return addPath(sub, rest);
}

function isPlainDocument(value: unknown): value is Document {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The document's own field order, as MongoDB keeps it. */
function keep(doc: Document, tree: Tree): Document {
  const out: Document = {};
  for (const key of Object.keys(doc)) {
    const sub = tree[key];
    if (sub === undefined) continue;
    const value = doc[key] as unknown;
    if (sub === true) out[key] = value;
    else {
      const inner = keepInside(value, sub);
      if (inner !== undefined) out[key] = inner;
    }
  }
  return out;
}

/** Inside a sub-document the same; inside an array, each sub-document (other elements are left out). */
function keepInside(value: unknown, tree: Tree): unknown {
  if (isPlainDocument(value)) return keep(value, tree);
  if (!Array.isArray(value)) return undefined;
  const out: unknown[] = [];
  for (const element of value) {
    if (Array.isArray(element)) {
      const inner = keepInside(element, tree);
      if (inner !== undefined) out.push(inner);
    } else if (isPlainDocument(element)) out.push(keep(element, tree));
  }
  return out;
}
