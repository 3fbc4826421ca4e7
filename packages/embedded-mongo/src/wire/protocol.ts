/** MongoDB wire protocol: message header and framing (all integers little-endian). */

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

/** Advertised in hello; a larger message is a protocol error. */
export const MAX_MESSAGE_BYTES = 48_000_000;
export const MAX_BSON_OBJECT_BYTES = 16 * 1024 * 1024;
export const HEADER_BYTES = 16;

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export function readHeader(buf: Buffer): MessageHeader {
  return {
    length: buf.readInt32LE(0),
    requestId: buf.readInt32LE(4),
    responseTo: buf.readInt32LE(8),
    opCode: buf.readInt32LE(12),
  };
}

let nextRequestId = 1;

export function writeHeader(out: Buffer, responseTo: number, opCode: number): void {
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(nextRequestId, 4);
  nextRequestId = (nextRequestId + 1) & 0x7fffffff || 1;
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(opCode, 12);
}

export class ProtocolError extends Error {}

/**
 * Splits a TCP byte stream into whole messages. Chunks are kept in a list and joined once a
 * message is complete, so a 48 MB message arriving in 64 KB pieces is copied once, not 750 times.
 */
export class MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Adds bytes; returns every message now complete (header included). */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: Buffer[] = [];
    while (this.buffered >= 4) {
      const length = this.peekLength();
      if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES)
        throw new ProtocolError(`invalid message length ${length}`);
      if (this.buffered < length) break;
      out.push(this.take(length));
    }
    return out;
  }

  private peekLength(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length >= 4) return first.readInt32LE(0);
    return Buffer.concat(this.chunks).readInt32LE(0);
  }

  private take(length: number): Buffer {
    let all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    const message = all.subarray(0, length);
    all = all.subarray(length);
    this.chunks = all.length > 0 ? [all] : [];
    this.buffered = all.length;
    return message;
  }
}
