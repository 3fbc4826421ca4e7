import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EJSON, type Document } from 'bson';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore } from '../src/index.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
const ROUNDS = 3;
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ev-store-crash-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Kill {
  /** Acknowledgements to wait for before the kill. */
  after: number;
  /** Then wait for a log line of the store matching this too (the start of a compaction, say). */
  onLog?: RegExp;
  /** The store's compactBytes and the MB of other documents it holds (see the fixture). */
  compactBytes?: number;
  prefillMb?: number;
}

/** Runs the writer on `dir` until `kill` says, then SIGKILLs it; returns every ack it printed. */
function writeUntilKilled(dir: string, round: number, kill: Kill): Promise<Document[]> {
  const args = [FIXTURE, dir, String(round), String(kill.compactBytes ?? ''), String(kill.prefillMb ?? 0)];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: Document[] = [];
  let buffer = '';
  let stderr = '';
  let killed = false;
  let logged = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`round ${round}: ${acked.length} acknowledgements and no kill in 30 s; stderr: ${stderr}`));
    }, 30_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('ACK ')) acked.push(EJSON.parse(line.slice(4)) as Document);
        else if (line.startsWith('LOG ') && acked.length >= kill.after && kill.onLog?.test(line)) logged = true;
      }
      if (!killed && acked.length >= kill.after && (!kill.onLog || logged)) {
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

/**
 * Restarts the store on `dir` (the dead process's lock is taken over) and checks that every
 * acknowledged submission is there as it was acknowledged, with its unique index.
 */
async function expectAcknowledgedKept(dir: string, acknowledged: Map<string, Document>, round: number): Promise<void> {
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
    await expect(col.insertOne({ attemptId: any.attemptId, idempotencyKey: any.idempotencyKey })).rejects.toMatchObject(
      { code: 11000 },
    );
  } finally {
    await client.close();
    await store.close();
  }
}

describe('crash safety of the durable embedded store', () => {
  it(`keeps every acknowledged submission intact when the store process is SIGKILLed mid-burst (${ROUNDS} rounds)`, async () => {
    const dir = tempDir();
    const acknowledged = new Map<string, Document>();
    for (let round = 0; round < ROUNDS; round++) {
      const acks = await writeUntilKilled(dir, round, { after: 300 + round * 100 });
      expect(acks.length).toBeGreaterThanOrEqual(300);
      for (const doc of acks) acknowledged.set(String(doc._id), doc);
      await expectAcknowledgedKept(dir, acknowledged, round);
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(ROUNDS * 300);
  }, 90_000);

  it(`keeps every acknowledged submission and the rest of the data when SIGKILLed while it writes a snapshot (${ROUNDS} rounds)`, async () => {
    const dir = tempDir();
    const acknowledged = new Map<string, Document>();
    // 20 MB of other data, so a snapshot takes a while to write, and one every 1 MB of journal.
    const kill: Kill = { after: 200, onLog: /journal: compacting/, compactBytes: 1024 * 1024, prefillMb: 20 };
    let killedMidSnapshot = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const acks = await writeUntilKilled(dir, round, kill);
      for (const doc of acks) acknowledged.set(String(doc._id), doc);
      // A journal set aside is there until its snapshot is complete: the kill came before that.
      if (readdirSync(dir).some((f) => /^journal\.\d+\.log$/.test(f))) killedMidSnapshot++;
      await expectAcknowledgedKept(dir, acknowledged, round);
      const store = await startEmbeddedStore({ dbPath: dir });
      const client = await MongoClient.connect(`${store.uri}/crash`);
      try {
        expect(await client.db().collection('filler').countDocuments(), 'the 20 MB written before').toBe(2_000);
      } finally {
        await client.close();
        await store.close();
      }
    }
    expect(killedMidSnapshot, 'rounds killed while a snapshot was being written').toBeGreaterThan(0);
  }, 120_000);
});
