import { crc32 } from 'node:zlib';
import { deserialize, serialize, type Document } from 'bson';

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

/** Frame: u32 body length, u32 crc32(body), BSON body. A torn or corrupt frame fails the check. */
const FRAME_HEADER = 8;

export function encodeRecord(record: JournalRecord): Buffer {
  const body = serialize(record as unknown as Document);
  const frame = Buffer.allocUnsafe(FRAME_HEADER + body.length);
  frame.writeUInt32LE(body.length, 0);
  frame.writeUInt32LE(crc32(body), 4);
  frame.set(body, FRAME_HEADER);
  return frame;
}

/** Reads frames up to the end or the first torn/corrupt one; returns the records and the good length. */
export function decodeFrames(buf: Buffer): { records: JournalRecord[]; goodLength: number } {
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset + FRAME_HEADER <= buf.length) {
    const length = buf.readUInt32LE(offset);
    const sum = buf.readUInt32LE(offset + 4);
    const end = offset + FRAME_HEADER + length;
    if (length < 5 || end > buf.length) break;
    const body = buf.subarray(offset + FRAME_HEADER, end);
    if (crc32(body) !== sum) break;
    records.push(deserialize(body, { promoteValues: true, bsonRegExp: true }) as unknown as JournalRecord);
    offset = end;
  }
  return { records, goodLength: offset };
}
