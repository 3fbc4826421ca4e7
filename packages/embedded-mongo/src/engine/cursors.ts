import { randomBytes } from 'node:crypto';
import { Long, type Document } from 'bson';
import { documentSize } from './document-size.ts';
import { commandError } from './errors.ts';

interface CursorState {
  ns: string;
  docs: Document[];
  position: number;
  lastUsed: number;
}

const DEFAULT_FIRST_BATCH = 101;
/** A reply must stay under maxBsonObjectSize (16 MiB) with room for the envelope. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;
/** mongod's cursorTimeoutMillis default: an abandoned cursor is freed after 10 idle minutes. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Open cursors: results computed up front, handed out in batches by getMore. Batches are cut by
 * count and by bytes, so a reply never exceeds the BSON size limit.
 */
export class Cursors {
  private readonly open = new Map<string, CursorState>();

  constructor(private readonly timeoutMs = IDLE_TIMEOUT_MS) {}

  /** The reply to find/aggregate/list*: `cursor: { id, ns, firstBatch }`, id 0 when exhausted. */
  first(ns: string, docs: Document[], batchSize: unknown, singleBatch = false): Document {
    this.expire();
    const requested = Number(batchSize);
    const size = Number.isFinite(requested) && requested > 0 ? requested : DEFAULT_FIRST_BATCH;
    const take = batchCount(docs, 0, singleBatch ? Number.MAX_SAFE_INTEGER : size);
    if (take >= docs.length || singleBatch)
      return { cursor: { id: Long.ZERO, ns, firstBatch: docs.slice(0, take) }, ok: 1 };
    const id = newCursorId();
    this.open.set(id.toString(), { ns, docs, position: take, lastUsed: Date.now() });
    return { cursor: { id, ns, firstBatch: docs.slice(0, take) }, ok: 1 };
  }

  getMore(cursorId: unknown, batchSize: unknown): Document {
    const key = String(cursorId);
    const state = this.open.get(key);
    if (!state) throw commandError('CursorNotFound', `cursor id ${key} not found`);
    const requested = Number(batchSize);
    const size = Number.isFinite(requested) && requested > 0 ? requested : Number.MAX_SAFE_INTEGER;
    const take = batchCount(state.docs, state.position, size);
    const batch = state.docs.slice(state.position, state.position + take);
    state.position += take;
    state.lastUsed = Date.now();
    const done = state.position >= state.docs.length;
    if (done) this.open.delete(key);
    return { cursor: { id: done ? Long.ZERO : Long.fromString(key), ns: state.ns, nextBatch: batch }, ok: 1 };
  }

  kill(ids: unknown[]): Document {
    const killed: unknown[] = [];
    const notFound: unknown[] = [];
    for (const id of ids) (this.open.delete(String(id)) ? killed : notFound).push(id);
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  get size(): number {
    return this.open.size;
  }

  private expire(): void {
    const cutoff = Date.now() - this.timeoutMs;
    for (const [key, state] of this.open) if (state.lastUsed < cutoff) this.open.delete(key);
  }
}

/** How many documents from `start` fit in one batch: at most `max`, under the byte limit, at least one. */
function batchCount(docs: Document[], start: number, max: number): number {
  let bytes = 0;
  let n = 0;
  while (start + n < docs.length && n < max) {
    bytes += documentSize(docs[start + n] as Document);
    if (n > 0 && bytes > MAX_BATCH_BYTES) break;
    n++;
  }
  return n;
}

/** Cursor ids are positive 63-bit Longs, unguessable like mongod's (crypto, not Math.random). */
function newCursorId(): Long {
  const id = randomBytes(8).readBigUInt64LE() & 0x7fff_ffff_ffff_ffffn;
  return Long.fromBigInt(id === 0n ? 1n : id);
}
