import { deserialize, serialize, type Document } from 'bson';
import { BSON_READ_OPTIONS } from './op-msg.ts';
import { HEADER_BYTES, OP_REPLY, ProtocolError, writeHeader } from './protocol.ts';

/**
 * Legacy OP_QUERY, which drivers still use for the very first handshake (hello/isMaster on
 * admin.$cmd): header, int32 flags, cstring fullCollectionName, int32 numberToSkip,
 * int32 numberToReturn, query document [, fields selector]. Only commands on `<db>.$cmd` are served.
 */
export function decodeOpQuery(message: Buffer): Document {
  let offset = HEADER_BYTES + 4;
  const nul = message.indexOf(0, offset);
  if (nul < 0) throw new ProtocolError('OP_QUERY without a collection name');
  const namespace = message.toString('utf8', offset, nul);
  offset = nul + 1 + 8;
  const size = message.readInt32LE(offset);
  if (size < 5 || offset + size > message.length) throw new ProtocolError('OP_QUERY document overruns the message');
  const query = deserialize(message.subarray(offset, offset + size), BSON_READ_OPTIONS);
  // Old drivers wrap the command as { $query: {...}, $readPreference: ... }.
  const body = (query.$query as Document | undefined) ?? query;
  const [db, collection] = splitNamespace(namespace);
  if (collection !== '$cmd') return { $legacyFind: namespace, $db: db };
  body.$db ??= db;
  return body;
}

function splitNamespace(ns: string): [string, string] {
  const dot = ns.indexOf('.');
  return dot < 0 ? [ns, ''] : [ns.slice(0, dot), ns.slice(dot + 1)];
}

/** OP_REPLY: header, int32 responseFlags, int64 cursorID, int32 startingFrom, int32 numberReturned, documents. */
export function encodeOpReply(responseTo: number, reply: Document): Buffer {
  const doc = serialize(reply);
  const out = Buffer.allocUnsafe(HEADER_BYTES + 20 + doc.length);
  writeHeader(out, responseTo, OP_REPLY);
  out.writeInt32LE(0, 16);
  out.writeBigInt64LE(0n, 20);
  out.writeInt32LE(0, 28);
  out.writeInt32LE(1, 32);
  out.set(doc, 36);
  return out;
}
