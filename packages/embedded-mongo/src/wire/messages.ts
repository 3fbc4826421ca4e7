import type { Document } from 'bson';
import { decodeOpMsg, encodeOpMsg } from './op-msg.ts';
import { decodeOpQuery, encodeOpReply } from './op-query.ts';
import { OP_COMPRESSED, OP_MSG, OP_QUERY, ProtocolError, readHeader } from './protocol.ts';

export interface Request {
  requestId: number;
  opCode: number;
  body: Document;
  /** No reply expected (OP_MSG moreToCome). */
  noReply: boolean;
}

export function decodeRequest(message: Buffer): Request {
  const header = readHeader(message);
  if (header.opCode === OP_MSG) {
    const { body, moreToCome } = decodeOpMsg(message);
    return { requestId: header.requestId, opCode: header.opCode, body, noReply: moreToCome };
  }
  if (header.opCode === OP_QUERY)
    return { requestId: header.requestId, opCode: header.opCode, body: decodeOpQuery(message), noReply: false };
  // hello advertises no compressors, so a conforming driver never sends OP_COMPRESSED.
  if (header.opCode === OP_COMPRESSED)
    throw new ProtocolError('OP_COMPRESSED received, but no compression was negotiated');
  throw new ProtocolError(`unsupported opCode ${header.opCode}`);
}

/** The reply in the form the request's opcode expects: OP_REPLY for OP_QUERY, else OP_MSG. */
export function encodeResponse(request: Request, reply: Document): Buffer {
  return request.opCode === OP_QUERY ? encodeOpReply(request.requestId, reply) : encodeOpMsg(request.requestId, reply);
}
