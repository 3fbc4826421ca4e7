import type { Document } from 'bson';

/**
 * The first `k` documents in sort order, by one pass instead of sorting them all, when the sort is
 * one top-level field and every document holds a valid Date there, or every one a finite number.
 * Returns undefined otherwise (arrays, missing fields, mixed types: MongoDB's sort order has rules
 * for those, and the caller sorts with mingo).
 *
 * Why: a work queue polled as "the next few due items" (sort on a due date, small limit) would
 * otherwise sort its whole backlog for every poll: milliseconds each once thousands are queued.
 * Ties keep their original order, as mingo's stable sort does.
 */
export function topBySingleScalarKey(docs: readonly Document[], sort: Document, k: number): Document[] | undefined {
  const keyOf = sortKeyReader(docs, sort);
  if (!keyOf) return undefined;
  // `best` stays sorted; an equal key goes after the ones already there (stable).
  const best: Array<{ key: number; doc: Document }> = [];
  for (const doc of docs) {
    const key = keyOf(doc);
    if (best.length === k && key >= (best[k - 1]?.key ?? Infinity)) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1]?.key ?? -Infinity) > key) at--;
    best.splice(at, 0, { key, doc });
    if (best.length > k) best.pop();
  }
  return best.map((b) => b.doc);
}

/**
 * All the documents in sort order, under the same conditions as topBySingleScalarKey (one top-level
 * field holding a valid Date in every document, or a finite number in every one), else undefined.
 * Why: a learner's attempts, read sorted by their number at every request, went through mingo's
 * general sort (a share of the store's time per read, for a handful of documents). Stable, as
 * mingo's sort is.
 */
export function sortBySingleScalarKey(docs: readonly Document[], sort: Document): Document[] | undefined {
  const keyOf = sortKeyReader(docs, sort);
  if (!keyOf) return undefined;
  return docs
    .map((doc) => ({ key: keyOf(doc), doc }))
    .sort((a, b) => a.key - b.key)
    .map((k) => k.doc);
}

/**
 * Each document's place in the sort as a number (smaller first), when the sort is one top-level
 * field, ascending or descending, and every document holds the same kind of plain scalar there.
 */
function sortKeyReader(docs: readonly Document[], sort: Document): ((doc: Document) => number) | undefined {
  const keys = Object.keys(sort);
  const field = keys[0];
  if (keys.length !== 1 || field === undefined || field.includes('.') || field.startsWith('$')) return undefined;
  const direction = sort[field];
  if (direction !== 1 && direction !== -1) return undefined;
  const keyOf = scalarKeyReader(docs, field);
  return keyOf && ((doc) => keyOf(doc) * direction);
}

/** A reader of the field as a number, if all documents hold the same kind of plain scalar there. */
function scalarKeyReader(docs: readonly Document[], field: string): ((doc: Document) => number) | undefined {
  const first = docs[0]?.[field];
  if (first instanceof Date) {
    return docs.every((d) => d[field] instanceof Date && !Number.isNaN(d[field].getTime()))
      ? (d) => (d[field] as Date).getTime()
      : undefined;
  }
  if (typeof first === 'number') {
    return docs.every((d) => typeof d[field] === 'number' && Number.isFinite(d[field]))
      ? (d) => d[field] as number
      : undefined;
  }
  return undefined;
}
