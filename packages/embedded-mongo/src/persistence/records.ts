import { crc32 } from 'node:zlib';
import { deserialize, serialize, type Document } from 'bson';
import { takeEncoding } from '../engine/document-size.ts';

/**
 * One change to the data as written to disk: the resulting state (whole document put, _id
 * deleted), never the command, so replay is deterministic and idempotent.
 */
export type JournalRecord =
  | { t: 'put'; db: string; c: string; doc: Document }
  | { t: 'del'; db: string; c: string; id: unknown }
  | { t: 'create'; db: string; c: string }
  | { t: 'idx'; db: string; c: string; spec: Document }
  | { t: 'dropIdx'; db: string; c: string; name: string }
  | { t: 'dropColl'; db: string; c: string }
  | { t: 'dropDb'; db: string };

/**
 * The first frame of a snapshot written by compaction: it holds every record of the rotated
 * journals numbered up to `upTo` (journal.<n>.log), so those are not replayed after it.
 */
export interface CoversRecord {
  t: 'covers';
  upTo: number;
}

/** What a frame holds: a change, or (first in a snapshot) the journals the snapshot covers. */
export type FrameRecord = JournalRecord | CoversRecord;

/** Frame: u32 body length, u32 crc32(body), BSON body. A torn or corrupt frame fails the check. */
const FRAME_HEADER = 8;

export function encodeRecord(record: FrameRecord): Buffer {
  const encoded = record.t === 'put' ? takeEncoding(record.doc) : undefined;
  const body = encoded && record.t === 'put' ? putBody(record.db, record.c, encoded) : serialize(record);
  const frame = Buffer.allocUnsafe(FRAME_HEADER + body.length);
  frame.writeUInt32LE(body.length, 0);
  frame.writeUInt32LE(crc32(body), 4);
  frame.set(body, FRAME_HEADER);
  return frame;
}

/**
 * The BSON of { t: 'put', db, c, doc } around the document's own BSON: what serialize() gives for
 * that record, without walking the document again.
 */
function putBody(db: string, c: string, doc: Uint8Array): Buffer {
  const dbBytes = Buffer.byteLength(db);
  const cBytes = Buffer.byteLength(c);
  // int32 size; "t": "put"; "db": db; "c": c; "doc": {...}; the closing 0.
  const size = 4 + (1 + 2 + 4 + 4) + (1 + 3 + 4 + dbBytes + 1) + (1 + 2 + 4 + cBytes + 1) + (1 + 4) + doc.length + 1;
  const out = Buffer.allocUnsafe(size);
  let at = out.writeInt32LE(size, 0);
  const stringField = (name: string, value: string, valueBytes: number): void => {
    at = out.writeUInt8(0x02, at);
    at += out.write(name, at, 'latin1');
    at = out.writeUInt8(0, at);
    at = out.writeInt32LE(valueBytes + 1, at);
    at += out.write(value, at, 'utf8');
    at = out.writeUInt8(0, at);
  };
  stringField('t', 'put', 3);
  stringField('db', db, dbBytes);
  stringField('c', c, cBytes);
  at = out.writeUInt8(0x03, at);
  at += out.write('doc', at, 'latin1');
  at = out.writeUInt8(0, at);
  out.set(doc, at);
  at += doc.length;
  out.writeUInt8(0, at);
  return out;
}

/** The frame at `offset` if it is whole and its checksum matches: its record and where it ends. */
function frameAt(buf: Buffer, offset: number): { record: FrameRecord; end: number } | undefined {
  if (offset + FRAME_HEADER > buf.length) return undefined;
  const length = buf.readUInt32LE(offset);
  const end = offset + FRAME_HEADER + length;
  // A BSON body starts with its own length: a cheap test before the checksum.
  if (length < 5 || end > buf.length || buf.readInt32LE(offset + FRAME_HEADER) !== length) return undefined;
  const body = buf.subarray(offset + FRAME_HEADER, end);
  if (crc32(body) !== buf.readUInt32LE(offset + 4)) return undefined;
  return { record: deserialize(body, { promoteValues: true, bsonRegExp: true }) as unknown as FrameRecord, end };
}

/** Reads frames up to the end or the first torn/corrupt one; returns the records and the good length. */
export function decodeFrames(buf: Buffer): { records: FrameRecord[]; goodLength: number } {
  const records: FrameRecord[] = [];
  let offset = 0;
  for (let frame = frameAt(buf, offset); frame; frame = frameAt(buf, offset)) {
    records.push(frame.record);
    offset = frame.end;
  }
  return { records, goodLength: offset };
}

/**
 * The offset of the first whole frame with a matching checksum at or after `from`, if any. After
 * a bad frame this tells a torn tail (a crash mid-append: nothing valid follows) from damage in
 * the middle (valid, acknowledged records follow).
 */
export function nextValidFrame(buf: Buffer, from: number): number | undefined {
  for (let offset = from; offset + FRAME_HEADER < buf.length; offset++) if (frameAt(buf, offset)) return offset;
  return undefined;
}

/** Every valid frame of a damaged file, skipping what cannot be read: what `store repair` keeps. */
export function salvageFrames(buf: Buffer): {
  records: FrameRecord[];
  skipped: Array<{ offset: number; bytes: number }>;
} {
  const records: FrameRecord[] = [];
  const skipped: Array<{ offset: number; bytes: number }> = [];
  let offset = 0;
  while (offset < buf.length) {
    const frame = frameAt(buf, offset);
    if (frame) {
      records.push(frame.record);
      offset = frame.end;
      continue;
    }
    const next = nextValidFrame(buf, offset + 1) ?? buf.length;
    skipped.push({ offset, bytes: next - offset });
    offset = next;
  }
  return { records, skipped };
}
