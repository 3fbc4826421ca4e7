import type { Document } from 'bson';

/**
 * An index's keys for the document it saw last. A write checks a document against the unique
 * indexes and then adds it, so the second computation is free; keeping keys for every stored
 * document would save the removal's too, but at a few hundred bytes per document per index.
 * Stored documents never change in place, so the keys stay valid for that same object.
 */
export class LastKeys<K> {
  private last: { doc: Document; keys: K } | undefined;

  constructor(private readonly compute: (doc: Document) => K) {}

  of(doc: Document): K {
    if (this.last?.doc === doc) return this.last.keys;
    const keys = this.compute(doc);
    this.last = { doc, keys };
    return keys;
  }
}
