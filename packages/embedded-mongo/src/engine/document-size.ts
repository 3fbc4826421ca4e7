import { calculateObjectSize, type Document } from 'bson';

// Stored documents are never changed in place (updates store a new object), so a document's BSON
// size is worked out once: when it is checked against the 16 MiB limit on the way in, and then
// reused each time a cursor cuts a batch by bytes.
const sizes = new WeakMap<Document, number>();

/** calculateObjectSize, remembered per document object; only for documents no one mutates. */
export function documentSize(doc: Document): number {
  let size = sizes.get(doc);
  if (size === undefined) {
    size = calculateObjectSize(doc);
    sizes.set(doc, size);
  }
  return size;
}
