import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EJSON, type Document } from 'bson';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore } from '../src/index.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
const ROUNDS = 3;
const dir = mkdtempSync(join(tmpdir(), 'ev-store-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer until it has `killAfter` acknowledgements, then SIGKILLs it; returns every ack it printed. */
function writeUntilKilled(round: number, killAfter: number): Promise<Document[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dir, String(round)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: Document[] = [];
  let buffer = '';
  let stderr = '';
  let killed = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`round ${round}: only ${acked.length} acknowledgements in 20 s; stderr: ${stderr}`));
    }, 20_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('ACK ')) acked.push(EJSON.parse(line.slice(4)) as Document);
      }
      if (!killed && acked.length >= killAfter) {
        killed = true;
        // Mid-burst: 20 writers have inserts in flight, some half-way through the journal write.
        child.kill('SIGKILL');
      }
    });
    // 'close', not 'exit': acknowledgements still in the pipe when the kill landed count too, and
    // they are the ones most at risk.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      for (const line of buffer.split('\n'))
        if (line.startsWith('ACK ')) acked.push(EJSON.parse(line.slice(4)) as Document);
      if (signal !== 'SIGKILL') reject(new Error(`round ${round}: writer exited with ${code}: ${stderr}`));
      else resolve(acked);
    });
  });
}

/** EJSON with keys sorted at every level, so equal documents give equal strings. */
function canonical(doc: Document): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object' && v.constructor === Object) {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sortKeys((v as Document)[k])]),
      );
    }
    return v;
  };
  return EJSON.stringify(sortKeys(doc), { relaxed: false });
}

describe('crash safety of the durable embedded store', () => {
  it(`keeps every acknowledged submission intact when the store process is SIGKILLed mid-burst (${ROUNDS} rounds)`, async () => {
    const acknowledged = new Map<string, Document>();
    for (let round = 0; round < ROUNDS; round++) {
      const acks = await writeUntilKilled(round, 300 + round * 100);
      expect(acks.length).toBeGreaterThanOrEqual(300);
      for (const doc of acks) acknowledged.set(String(doc._id), doc);

      // Restart on the same directory (the dead process's lock is taken over) and compare.
      const store = await startEmbeddedStore({ dbPath: dir });
      const client = await MongoClient.connect(`${store.uri}/crash`);
      try {
        const col = client.db().collection('submissions');
        const stored = new Map((await col.find({}).toArray()).map((d) => [String(d._id), d as Document]));
        const missing = [...acknowledged.keys()].filter((id) => !stored.has(id));
        expect(missing, `acknowledged submissions missing after round ${round}`).toEqual([]);
        // Field-by-field equality through canonical EJSON (types included: ObjectId, Date, Int32 vs
        // Double); toEqual only for a readable failure message.
        for (const [id, doc] of acknowledged) {
          const got = stored.get(id) as Document;
          if (canonical(got) !== canonical(doc)) expect(got, `submission ${id}`).toEqual(doc);
        }
        // The unique index came back with the data.
        const any = acknowledged.values().next().value as Document;
        await expect(
          col.insertOne({ attemptId: any.attemptId, idempotencyKey: any.idempotencyKey }),
        ).rejects.toMatchObject({ code: 11000 });
      } finally {
        await client.close();
        await store.close();
      }
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(ROUNDS * 300);
  }, 90_000);
});
