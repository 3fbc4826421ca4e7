import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectId, serialize, type Document } from 'bson';
import { describe, expect, it } from 'vitest';
import { insert } from './commands/insert.ts';
import type { CommandContext } from './commands/context.ts';
import { Cursors } from './engine/cursors.ts';
import { Storage } from './engine/storage.ts';
import { decodeRequest, encodeResponse } from './wire/messages.ts';
import { decodeOpMsg, encodeOpMsg } from './wire/op-msg.ts';
import { MessageReader, OP_MSG, OP_QUERY, OP_REPLY, ProtocolError, readHeader } from './wire/protocol.ts';

function header(length: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** An OP_MSG as a driver builds it: a body section and an insert `documents` sequence. */
function opMsg(requestId: number, flags = 0, documents: Document[] = [{ a: 1 }, { a: 2 }]): Buffer {
  const body = Buffer.from(serialize({ insert: 'c', $db: 'd', ordered: true }));
  const docs = documents.map((d) => Buffer.from(serialize(d)));
  const ident = Buffer.from('documents\0');
  const seqSize = 4 + ident.length + docs.reduce((n, d) => n + d.length, 0);
  const seqHeader = Buffer.alloc(5);
  seqHeader.writeUInt8(1, 0);
  seqHeader.writeInt32LE(seqSize, 1);
  const flagBuf = Buffer.alloc(4);
  flagBuf.writeUInt32LE(flags, 0);
  const rest = Buffer.concat([flagBuf, Buffer.from([0]), body, seqHeader, ident, ...docs]);
  return Buffer.concat([header(16 + rest.length, requestId, OP_MSG), rest]);
}

describe('wire protocol', () => {
  it('reassembles messages split at any byte, and several in one chunk', () => {
    const a = opMsg(1);
    const b = opMsg(2);
    const stream = Buffer.concat([a, b]);
    const reader = new MessageReader();
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 7) out.push(...reader.push(stream.subarray(i, i + 7)));
    expect(out.map((m) => readHeader(m).requestId)).toEqual([1, 2]);
    expect(new MessageReader().push(stream)).toHaveLength(2);
  });

  it('rejects an impossible message length instead of buffering forever', () => {
    const bad = header(60_000_000, 1, OP_MSG);
    expect(() => new MessageReader().push(bad)).toThrow(ProtocolError);
  });

  it('merges OP_MSG kind-1 document sequences into the command and reads moreToCome', () => {
    const { body, moreToCome } = decodeOpMsg(opMsg(5, 0b10));
    expect(body).toEqual({ insert: 'c', $db: 'd', ordered: true, documents: [{ a: 1 }, { a: 2 }] });
    expect(moreToCome).toBe(true);
  });

  it('answers OP_QUERY (legacy handshake on admin.$cmd) with OP_REPLY, OP_MSG with OP_MSG', () => {
    const ns = Buffer.from('admin.$cmd\0');
    const query = Buffer.from(serialize({ isMaster: 1, client: { driver: { name: 'x' } } }));
    const fields = Buffer.alloc(12);
    fields.writeInt32LE(0, 0); // flags
    const skipReturn = Buffer.alloc(8);
    skipReturn.writeInt32LE(-1, 4);
    const rest = Buffer.concat([fields.subarray(0, 4), ns, skipReturn, query]);
    const legacy = decodeRequest(Buffer.concat([header(16 + rest.length, 9, OP_QUERY), rest]));
    expect(legacy.body).toMatchObject({ isMaster: 1, $db: 'admin' });
    const reply = encodeResponse(legacy, { ok: 1 });
    expect(readHeader(reply)).toMatchObject({ length: reply.length, responseTo: 9, opCode: OP_REPLY });
    expect(reply.readInt32LE(32)).toBe(1); // numberReturned

    const modern = decodeRequest(opMsg(10));
    const msgReply = encodeResponse(modern, { ok: 1 });
    expect(readHeader(msgReply)).toMatchObject({ responseTo: 10, opCode: OP_MSG });
    expect(decodeOpMsg(encodeOpMsg(3, { ok: 1, n: 2 })).body).toEqual({ ok: 1, n: 2 });
  });

  it('journals an inserted document as it came in only where those bytes are what it stores', async () => {
    // The wire's bytes, as sent: _id null (the store gives one), _id after another field (moved
    // first), an integer key (JavaScript orders it first), and one stored exactly as sent.
    const sent = [
      { _id: null, e: 1 },
      { a: 1, _id: 2 },
      { _id: 3, 5: 'five', b: 1 },
      { _id: 4, n: 4.5, s: 'ž' },
    ];
    const dbPath = mkdtempSync(join(tmpdir(), 'ev-wire-insert-'));
    try {
      const stored = (storage: Storage) => [...(storage.get('d', 'c')?.docs.values() ?? [])];
      const storage = await Storage.open({ dbPath });
      const ctx = { storage, cursors: new Cursors() } as unknown as CommandContext;
      await insert(decodeOpMsg(opMsg(1, 0, sent)).body, 'd', ctx);
      const before = stored(storage);
      await storage.close();
      const reopened = await Storage.open({ dbPath });
      const after = stored(reopened);
      await reopened.close();
      expect(after.map((d) => Object.keys(d))).toEqual(before.map((d) => Object.keys(d)));
      expect(after).toEqual(before);
      expect(after[0]?._id).toBeInstanceOf(ObjectId);
      expect(Object.keys(after[1] ?? {})).toEqual(['_id', 'a']);
    } finally {
      rmSync(dbPath, { recursive: true, force: true });
    }
  });
});
