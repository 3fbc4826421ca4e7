import { deserialize, serialize, type Document } from 'bson';

/** MongoDB wire-protocol opcodes the store speaks. */
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
export const OP_COMPRESSED = 2012;

export const MAX_MESSAGE_BYTES = 48_000_000;
export const MAX_BSON_OBJECT_BYTES = 16 * 1024 * 1024;

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface IncomingCommand {
  header: MessageHeader;
  /** The command document, with OP_MSG kind-1 document sequences merged in as arrays. */
  body: Document;
  /** OP_QUERY carries the legacy handshake; its reply must be an OP_REPLY. */
  legacy: boolean;
}

export function readHeader(buf: Buffer, offset = 0): MessageHeader {
  return {
    length: buf.readInt32LE(offset),
    requestId: buf.readInt32LE(offset + 4),
    responseTo: buf.readInt32LE(offset + 8),
    opCode: buf.readInt32LE(offset + 12),
  };
}

const BSON_OPTIONS = { promoteValues: true, promoteBuffers: false, bsonRegExp: true } as const;

/** Decodes one complete message (header included). */
export function decodeMessage(message: Buffer): IncomingCommand {
  const header = readHeader(message);
  if (header.opCode === OP_MSG) {
    const flags = message.readUInt32LE(16);
    // The checksum (flag bit 0) trails the sections; it is not verified on loopback.
    const end = flags & 1 ? message.length - 4 : message.length;
    let offset = 20;
    let body: Document | undefined;
    const sequences: Array<[string, Document[]]> = [];
    while (offset < end) {
      const kind = message.readUInt8(offset);
      offset += 1;
      if (kind === 0) {
        const size = message.readInt32LE(offset);
        body = deserialize(message.subarray(offset, offset + size), BSON_OPTIONS);
        offset += size;
      } else if (kind === 1) {
        const size = message.readInt32LE(offset);
        const sectionEnd = offset + size;
        let cursor = offset + 4;
        const nul = message.indexOf(0, cursor);
        const identifier = message.toString('utf8', cursor, nul);
        cursor = nul + 1;
        const docs: Document[] = [];
        while (cursor < sectionEnd) {
          const docSize = message.readInt32LE(cursor);
          docs.push(deserialize(message.subarray(cursor, cursor + docSize), BSON_OPTIONS));
          cursor += docSize;
        }
        sequences.push([identifier, docs]);
        offset = sectionEnd;
      } else {
        throw new Error(`unsupported OP_MSG section kind ${kind}`);
      }
    }
    if (!body) throw new Error('OP_MSG without a body section');
    for (const [identifier, docs] of sequences) body[identifier] = docs;
    return { header, body, legacy: false };
  }
  if (header.opCode === OP_QUERY) {
    let offset = 20; // header + flags
    const nul = message.indexOf(0, offset);
    const collection = message.toString('utf8', offset, nul);
    offset = nul + 1 + 8; // numberToSkip, numberToReturn
    const size = message.readInt32LE(offset);
    const query = deserialize(message.subarray(offset, offset + size), BSON_OPTIONS);
    // Legacy drivers wrap the command as { $query: {...} }.
    const body = (query.$query as Document | undefined) ?? query;
    body.$db ??= collection.split('.')[0];
    return { header, body, legacy: true };
  }
  throw new Error(`unsupported opCode ${header.opCode}`);
}

let nextRequestId = 1;

/** Encodes a reply to `request` in the form its opcode expects. */
export function encodeReply(request: MessageHeader, legacy: boolean, reply: Document): Buffer {
  const doc = Buffer.from(serialize(reply));
  if (legacy) {
    const out = Buffer.alloc(16 + 20 + doc.length);
    writeHeader(out, out.length, request.requestId, OP_REPLY);
    out.writeInt32LE(0, 16); // responseFlags
    out.writeBigInt64LE(0n, 20); // cursorID
    out.writeInt32LE(0, 28); // startingFrom
    out.writeInt32LE(1, 32); // numberReturned
    doc.copy(out, 36);
    return out;
  }
  const out = Buffer.alloc(16 + 4 + 1 + doc.length);
  writeHeader(out, out.length, request.requestId, OP_MSG);
  out.writeUInt32LE(0, 16);
  out.writeUInt8(0, 20);
  doc.copy(out, 21);
  return out;
}

function writeHeader(out: Buffer, length: number, responseTo: number, opCode: number): void {
  out.writeInt32LE(length, 0);
  out.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(opCode, 12);
}
