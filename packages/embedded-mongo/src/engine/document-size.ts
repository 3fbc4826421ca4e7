import { calculateObjectSize, serialize, type Document } from 'bson';

// Stored documents are never changed in place (updates store a new object), so a document's BSON
// size is worked out once: when it is checked against the 16 MiB limit on the way in, and then
// reused each time a cursor cuts a batch by bytes.
const sizes = new WeakMap<Document, number>();

/**
 * A document's BSON as it arrived or was measured, until the journal takes it: a write then
 * encodes each document once (its size check and its journal record share one serialisation, and
 * an inserted document's bytes come from the wire), where it encoded it twice, or once more than
 * the client already had. Taken (and forgotten) by the journal, so stored documents keep no copy.
 */
const encodings = new WeakMap<Document, Uint8Array>();

/** calculateObjectSize, remembered per document object; only for documents no one mutates. */
export function documentSize(doc: Document): number {
  let size = sizes.get(doc);
  if (size === undefined) {
    size = calculateObjectSize(doc);
    sizes.set(doc, size);
  }
  return size;
}

/**
 * The size of a document about to be journaled: it is serialised now, and the journal record
 * written for it takes these bytes (takeEncoding) instead of serialising it again.
 */
export function journaledDocumentSize(doc: Document): number {
  const known = encodings.get(doc);
  if (known) return known.length;
  const bytes = serialize(doc);
  encodings.set(doc, bytes);
  sizes.set(doc, bytes.length);
  return bytes.length;
}

/**
 * Remembers `bytes` as the BSON of `doc`: only bytes that deserialize to exactly this object (its
 * keys in this order, with these values), as a document of the wire's document sequence does.
 */
export function rememberEncoding(doc: Document, bytes: Uint8Array): void {
  encodings.set(doc, bytes);
}

/** The bytes remembered for `doc`, forgotten as they are handed over. */
export function takeEncoding(doc: Document): Uint8Array | undefined {
  const bytes = encodings.get(doc);
  if (bytes) encodings.delete(doc);
  return bytes;
}
