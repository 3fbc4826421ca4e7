import type { Document } from 'bson';

/**
 * A canonical string for a BSON value, so _id lookups and indexes are hash-map lookups rather than
 * scans. Values MongoDB considers equal across numeric types (1, 1.0, Long 1) share a key.
 */
export function valueKey(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return `n:${v}`;
    case 'string':
      return `s:${v}`;
    case 'boolean':
      return `b:${v}`;
    default:
      break;
  }
  if (v instanceof Date) return `d:${v.getTime()}`;
  if (Array.isArray(v)) return `a:[${v.map(valueKey).join(',')}]`;
  const tagged = v as { _bsontype?: string; toHexString?: () => string; toString: () => string };
  if (tagged._bsontype === 'ObjectId' && tagged.toHexString) return `o:${tagged.toHexString()}`;
  if (tagged._bsontype === 'Long' || tagged._bsontype === 'Int32' || tagged._bsontype === 'Double')
    return `n:${tagged.toString()}`;
  if (tagged._bsontype) return `${tagged._bsontype}:${tagged.toString()}`;
  if (v instanceof RegExp) return `r:${v.toString()}`;
  const doc = v as Document;
  return `{${Object.keys(doc)
    .map((k) => `${JSON.stringify(k)}:${valueKey(doc[k])}`)
    .join(',')}}`;
}

/** Reads a dotted path ("a.b") from a document, without traversing arrays. */
export function getPath(doc: Document, path: string): unknown {
  if (!path.includes('.')) return doc[path];
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Document)[part];
  }
  return cur;
}

/**
 * Every value a query on `path` can match, as MongoDB sees them: arrays on the way are traversed
 * ("a.b" reaches a[i].b) and an array at the end contributes itself and each element. This is what
 * keeps index lookups exact for multikey fields.
 */
export function pathValues(doc: Document, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(cur: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(cur);
    if (Array.isArray(cur)) for (const item of cur) out.push(item);
    return;
  }
  if (Array.isArray(cur)) {
    const part = parts[i] as string;
    if (/^\d+$/.test(part)) collect(cur[Number(part)], parts, i + 1, out);
    for (const item of cur)
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) collect(item, parts, i, out);
    return;
  }
  if (cur === null || typeof cur !== 'object') {
    out.push(undefined);
    return;
  }
  collect((cur as Document)[parts[i] as string], parts, i + 1, out);
}

/** Writes a dotted path, creating objects on the way (for upsert seeds). */
export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Document = doc;
  for (const part of parts.slice(0, -1)) {
    if (typeof cur[part] !== 'object' || cur[part] === null) cur[part] = {};
    cur = cur[part] as Document;
  }
  cur[parts[parts.length - 1] as string] = value;
}

/** A value a hash index can answer an equality on: not an operator object, array, regex or null. */
export function isIndexableEquality(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return true;
  return isObjectId(v);
}

/** An ObjectId of any copy of bson (the driver's, mongoose's, the store's). */
export function isObjectId(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as { _bsontype?: unknown })._bsontype === 'ObjectId';
}
