// npm run bench:store: acknowledged durable submission inserts per second and p50/p99 latency,
// with 1 and 50 concurrent writers, through mongoose -> driver -> TCP -> the embedded store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { startEmbeddedStore } from '../src/store/embedded/index.ts';
import { submissionModel } from '../src/store/models/submission.ts';

const dir = mkdtempSync(join(tmpdir(), 'ev-bench-store-'));
// The store runs in its own process, as `exam-variants store` does, so the client's CPU (mongoose
// building documents) and the store's do not share one event loop on this 2-core machine.
const inProcess = process.argv.includes('--in-process');
const store = inProcess ? await startEmbeddedStore({ dbPath: dir }) : await startStoreProcess(dir);
const conn = await mongoose.createConnection(`${store.uri}/bench`, { maxPoolSize: 60 }).asPromise();
const Submission = submissionModel(conn);
await Submission.createIndexes();

async function startStoreProcess(dbPath: string): Promise<{ uri: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../bin/exam-variants.js', import.meta.url)), 'store', '--port', '0', '--dbpath', dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /(mongodb:\/\/[\d.:]+)/.exec(chunk.toString());
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', () => reject(new Error('store process exited')));
  });
  return {
    uri,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

type Insert = (n: number, writers: number) => Promise<unknown>;

const viaMongoose: Insert = (n, writers) => Submission.create(submissionDoc(n, writers));
// The same document through the driver alone: what the store does, without mongoose's casting.
const viaDriver: Insert = (n, writers) => Submission.collection.insertOne(submissionDoc(n, writers));

function submissionDoc(n: number, writers: number) {
  return {
    attemptId: new mongoose.Types.ObjectId(),
    userId: `student-${n % 200}`,
    resourceLinkId: 'bench',
    idempotencyKey: `key-${writers}-${n}-${Math.round(performance.now() * 1000)}`,
    parts: [{ problemIndex: 0, templateId: 'batchnorm', partKey: 'jacobian', raw: '[[1,-1],[1,1]]', parsed: { ok: true, echo: '[[1, -1], [1, 1]]' }, score: 1, points: 2, maxPoints: 2, feedback: 'Correct.', pendingManual: false }],
    rawScore: 1,
    scoreFraction: 1,
    points: 2,
    maxPoints: 2,
    pendingManual: false,
    graderVersion: 1,
    templateVersions: [1],
    submittedAt: new Date(),
  };
}

async function run(label: string, insert: Insert, writers: number, seconds: number): Promise<void> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  let seq = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < end) {
        const n = seq++;
        const t0 = performance.now();
        await insert(n, writers);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(9)} ${String(writers).padStart(2)} writer(s): ${Math.round(latencies.length / elapsed).toLocaleString('en-US').padStart(7)} durable inserts/s, p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms (${latencies.length} inserts, each fsynced before acknowledged)`,
  );
}

console.log(`embedded store (${inProcess ? 'in this process' : 'own process'}), durable (journal + fdatasync, group commit), data in ${dir}`);
await run('mongoose', viaMongoose, 1, 3);
await run('mongoose', viaMongoose, 50, 5);
await run('driver', viaDriver, 1, 3);
await run('driver', viaDriver, 50, 5);
await conn.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
