// npm run bench:store: acknowledged durable submission inserts per second and p50/p99 latency,
// with 1 and 50 concurrent writers, through mongoose -> driver -> TCP -> the embedded store.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { startEmbeddedStore } from 'embedded-mongo';
import { submissionModel } from '../src/store/models/submission.ts';

const dir = mkdtempSync(join(tmpdir(), 'ev-bench-store-'));
// The store runs in its own process, as `exam-variants store` does, so the client's CPU (mongoose
// building documents) and the store's do not share one event loop on this 2-core machine.
const inProcess = process.argv.includes('--in-process');
const store: { uri: string; pid?: number; close(): Promise<void> } = inProcess
  ? await startEmbeddedStore({ dbPath: dir })
  : await startStoreProcess(dir);
const conn = await mongoose.createConnection(`${store.uri}/bench`, { maxPoolSize: 60 }).asPromise();
const Submission = submissionModel(conn);
await Submission.createIndexes();

async function startStoreProcess(dbPath: string): Promise<{ uri: string; pid?: number; close(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('../bin/exam-variants.js', import.meta.url)), 'store', '--port', '0', '--dbpath', dbPath],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const uri = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /(mongodb:\/\/[\d.:]+)/.exec(chunk.toString());
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', () => reject(new Error('store process exited')));
  });
  return {
    uri,
    ...(child.pid ? { pid: child.pid } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** CPU seconds (user + system) the store process has used, from /proc (Linux); undefined elsewhere. */
function storeCpuSeconds(): number | undefined {
  if (!store.pid) return undefined;
  try {
    const fields = readFileSync(`/proc/${store.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name; in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
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
    parts: [
      {
        problemIndex: 0,
        templateId: 'batchnorm',
        partKey: 'jacobian',
        raw: '[[1,-1],[1,1]]',
        parsed: { ok: true, echo: '[[1, -1], [1, 1]]' },
        score: 1,
        points: 2,
        maxPoints: 2,
        feedback: 'Correct.',
        pendingManual: false,
      },
    ],
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
  const cpuBefore = storeCpuSeconds();
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
  const cpuAfter = storeCpuSeconds();
  // How much of one core the store itself needed: shows whether the store or the client is the limit.
  const storeCpu =
    cpuBefore !== undefined && cpuAfter !== undefined
      ? `, store CPU ${Math.round(((cpuAfter - cpuBefore) / latencies.length) * 1e6)} µs/insert (${Math.round(((cpuAfter - cpuBefore) / elapsed) * 100)}% of a core)`
      : '';
  latencies.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(9)} ${String(writers).padStart(2)} writer(s): ${Math.round(latencies.length / elapsed)
      .toLocaleString('en-US')
      .padStart(
        7,
      )} durable inserts/s, p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms (${latencies.length} inserts, each fsynced before acknowledged${storeCpu})`,
  );
}

console.log(
  `embedded store (${inProcess ? 'in this process' : 'own process'}), durable (journal + fdatasync, group commit), data in ${dir}`,
);
await run('mongoose', viaMongoose, 1, 3);
await run('mongoose', viaMongoose, 50, 5);
await run('driver', viaDriver, 1, 3);
await run('driver', viaDriver, 50, 5);
await conn.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
