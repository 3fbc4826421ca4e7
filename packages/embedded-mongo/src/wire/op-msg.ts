import { deserialize, serialize, type Document } from 'bson';
import { rememberEncoding } from '../engine/document-size.ts';
import { HEADER_BYTES, OP_MSG, ProtocolError, writeHeader } from './protocol.ts';

/** OP_MSG flagBits. */
const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;

export const BSON_READ_OPTIONS = { promoteValues: true, promoteBuffers: false, bsonRegExp: true } as const;

export interface DecodedOpMsg {
  /** The command: the kind-0 body with each kind-1 document sequence merged in as an array field. */
  body: Document;
  /** The client wants no reply (unacknowledged write, w: 0). */
  moreToCome: boolean;
}

/**
 * OP_MSG: header, uint32 flagBits, sections, optional CRC-32C. Section kind 0 is one BSON document
 * (the command); kind 1 is int32 size, cstring identifier, then BSON documents (e.g. insert's
 * `documents`), which drivers use for large batches.
 */
export function decodeOpMsg(message: Buffer): DecodedOpMsg {
  const flags = message.readUInt32LE(HEADER_BYTES);
  // The checksum trails the sections; on loopback there is nothing to verify it against.
  const end = flags & CHECKSUM_PRESENT ? message.length - 4 : message.length;
  let offset = HEADER_BYTES + 4;
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    const size = message.readInt32LE(offset);
    if (size < 5 || offset + size > end) throw new ProtocolError('OP_MSG section overruns the message');
    if (kind === 0) {
      body = deserialize(message.subarray(offset, offset + size), BSON_READ_OPTIONS);
    } else if (kind === 1) {
      const sectionEnd = offset + size;
      let cursor = offset + 4;
      const nul = message.indexOf(0, cursor);
      if (nul < 0 || nul >= sectionEnd) throw new ProtocolError('OP_MSG document sequence without identifier');
      const identifier = message.toString('utf8', cursor, nul);
      cursor = nul + 1;
      const docs: Document[] = [];
      while (cursor < sectionEnd) {
        const docSize = message.readInt32LE(cursor);
        if (docSize < 5 || cursor + docSize > sectionEnd)
          throw new ProtocolError('OP_MSG document overruns its section');
        const bytes = message.subarray(cursor, cursor + docSize);
        const doc = deserialize(bytes, BSON_READ_OPTIONS);
        // An inserted document is journaled as these bytes (insert.ts): not serialised again.
        if (identifier === 'documents') rememberEncoding(doc, bytes);
        docs.push(doc);
        cursor += docSize;
      }
      sequences.push([identifier, docs]);
    } else {
      throw new ProtocolError(`unsupported OP_MSG section kind ${kind}`);
    }
    offset += size;
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  for (const [identifier, docs] of sequences) body[identifier] = docs;
  return { body, moreToCome: (flags & MORE_TO_COME) !== 0 };
}

/** A reply: flagBits 0 and one kind-0 section. */
export function encodeOpMsg(responseTo: number, reply: Document): Buffer {
  const doc = serialize(reply);
  const out = Buffer.allocUnsafe(HEADER_BYTES + 4 + 1 + doc.length);
  writeHeader(out, responseTo, OP_MSG);
  out.writeUInt32LE(0, HEADER_BYTES);
  out.writeUInt8(0, HEADER_BYTES + 4);
  out.set(doc, HEADER_BYTES + 5);
  return out;
}
