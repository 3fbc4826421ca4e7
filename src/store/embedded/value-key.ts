import type { Document } from 'bson';

/**
 * A canonical string for a BSON value, so _id lookups and unique indexes are hash-map lookups
 * rather than scans. Values equal in MongoDB's sense (e.g. 1 and 1.0) map to the same key.
 */
export function valueKey(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'number':
      return `n:${v}`;
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
  if (tagged._bsontype === 'Long' || tagged._bsontype === 'Int32' || tagged._bsontype === 'Double') return `n:${tagged.toString()}`;
  if (tagged._bsontype) return `${tagged._bsontype}:${tagged.toString()}`;
  const doc = v as Document;
  return `{${Object.keys(doc)
    .map((k) => `${JSON.stringify(k)}:${valueKey(doc[k])}`)
    .join(',')}}`;
}

/** Reads a dotted path ("a.b") from a document. */
export function getPath(doc: Document, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Document)[part];
  }
  return cur;
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
