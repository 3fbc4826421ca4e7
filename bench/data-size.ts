// npm run bench:data: the embedded store keeps every document in memory and replays its snapshot
// and journal at start, so RSS and start-up time grow with a semester's data. This fills a data
// folder with STUDENTS students x SUBMISSIONS submitted attempts of the demo exam (four problems)
// and measures what `npm start` then costs: time to "listening", RSS, and the files on disk.
//
// The documents are not made up: one sandbox student launches and submits through the real app,
// and every document that produced (attempt, submission, outbox record, ...) is cloned per student
// and attempt with fresh ids, so the sizes follow the app's own schema as it changes. A collection
// whose unique index allows fewer clones (one record per student, say) keeps what it allows.
//
//   STUDENTS=10000 SUBMISSIONS=10 (defaults). Up to 20,000 attempts it also times the instructor's
//   results page of the activity that holds them all (STUDENTS=1000 does).
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, ObjectId, type Document } from 'mongodb';
import { hiddenField, TestBrowser } from '../tests/support/lti-browser.ts';
import { DEMO_EXAM_ANSWERS, peakRssMb, postForm } from './load-client.ts';

const STUDENTS = Number(process.env.STUDENTS ?? 10_000);
const SUBMISSIONS = Number(process.env.SUBMISSIONS ?? 10);
/** The results page is timed only up to this many attempts in the one activity (a large class's term). */
const RESULTS_PAGE_MAX_ATTEMPTS = 20_000;
const PORT = 3400 + Math.floor(process.pid % 500);
const STORE_PORT = PORT + 600;
const dataDir = mkdtempSync(join(tmpdir(), 'ev-bench-data-'));
const storeDir = join(dataDir, 'store');
const cli = fileURLToPath(new URL('../bin/exam-variants.js', import.meta.url));
/** The one real student whose documents are cloned (the sandbox enrols any "student-<n>"). */
const TEMPLATE_USER = 'student-999999';
const serveEnv = {
  ...process.env,
  PORT: String(PORT),
  BASE_URL: `http://127.0.0.1:${PORT}`,
  DATA_DIR: dataDir,
  NODE_ENV: 'development',
};

function start(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: string,
): Promise<{ child: ChildProcess; seconds: number; output: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) resolve({ child, seconds: (performance.now() - started) / 1000, output });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function rssMb(child: ChildProcess): number {
  return peakRssMb(child);
}

function folderMb(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    bytes += entry.isDirectory() ? folderMb(path) * 1024 * 1024 : statSync(path).size;
  }
  return bytes / 1024 / 1024;
}

// 1. One real student: launch from the sandbox LMS, submit the demo exam.
{
  const { child } = await start([cli, 'serve'], serveEnv, 'listening on');
  const browser = new TestBrowser();
  const page = await browser.navigate(`http://127.0.0.1:${PORT}/sandbox/launch?user=${TEMPLATE_USER}&link=demo-exam`);
  const agent = new Agent({ keepAlive: false });
  // The second press ('submit-confirmed'): the demo exam has more parts than these answers, and a
  // first 'submit' with blank parts is answered with the summary to confirm, storing nothing.
  const submitted = await postForm(
    agent,
    PORT,
    '/quiz',
    {
      session: hiddenField(page.body, 'session'),
      action: 'submit-confirmed',
      idempotencyKey: 'bench-data-template',
      ...DEMO_EXAM_ANSWERS,
    },
    'application/json',
  );
  if (submitted.status !== 200 || (JSON.parse(submitted.body) as { stored?: boolean }).stored !== true)
    throw new Error(`the template submission was not stored: HTTP ${submitted.status} ${submitted.body.slice(0, 200)}`);
  // Let the worker send the score, so the outbox record is in its final state.
  await new Promise((r) => setTimeout(r, 2_500));
  await stop(child);
}

// 2. Clone the student's documents, STUDENTS x SUBMISSIONS times, through the store alone.
const { child: storeProcess } = await start(
  [cli, 'store', '--port', String(STORE_PORT), '--dbpath', storeDir],
  process.env,
  'listening',
);
const client = new MongoClient(`mongodb://127.0.0.1:${STORE_PORT}`, { directConnection: true });
const db = client.db('exam-variants');
const templates = new Map<string, Document[]>();
for (const { name } of await db.listCollections().toArray()) {
  const docs = await db.collection(name).find({ userId: TEMPLATE_USER }).toArray();
  if (docs.length > 0) templates.set(name, docs);
}
// What a submitted attempt leaves in the store: a run that cloned less would measure less.
for (const name of ['attempts', 'submissions', 'grade_sync'])
  if (!templates.has(name)) throw new Error(`the template student has no ${name}: nothing to clone`);
const ids = new Set([...templates.values()].flat().map((d) => String(d._id)));

/** A copy for (student, attempt): new _ids, references among the template's documents mapped, the user and keys renamed. */
function cloneAll(student: number, attempt: number): Map<string, Document[]> {
  const newIds = new Map([...ids].map((id) => [id, new ObjectId()]));
  const userId = `student-${student}`;
  const rewrite = (value: unknown, key: string): unknown => {
    if (value instanceof ObjectId) return newIds.get(String(value)) ?? value;
    if (value === TEMPLATE_USER) return userId;
    if (key === 'idempotencyKey' && typeof value === 'string') return `${value}-${student}-${attempt}`;
    if (key === 'attemptNumber' && typeof value === 'number') return attempt + 1;
    if (key === 'userName' && typeof value === 'string') return `Student ${student}`;
    if (Array.isArray(value)) return value.map((v) => rewrite(v, ''));
    if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
      return Object.fromEntries(Object.entries(value as Document).map(([k, v]) => [k, rewrite(v, k)]));
    }
    return value;
  };
  return new Map([...templates].map(([name, docs]) => [name, docs.map((d) => rewrite(d, '') as Document)]));
}

console.log(
  `cloning ${[...templates].map(([name, docs]) => `${docs.length} ${name}`).join(', ')} for ${STUDENTS} students x ${SUBMISSIONS} submitted attempts...`,
);
const fillStarted = performance.now();
const stored = new Map<string, number>();
const CHUNK = 500;
for (let s = 0; s < STUDENTS; s += CHUNK) {
  const batch = new Map<string, Document[]>();
  for (let student = s; student < Math.min(STUDENTS, s + CHUNK); student++) {
    for (let attempt = 0; attempt < SUBMISSIONS; attempt++) {
      for (const [name, docs] of cloneAll(student, attempt)) {
        const into = batch.get(name) ?? [];
        into.push(...docs);
        batch.set(name, into);
      }
    }
  }
  for (const [name, docs] of batch) {
    try {
      const result = await db.collection(name).insertMany(docs, { ordered: false });
      stored.set(name, (stored.get(name) ?? 0) + result.insertedCount);
    } catch (error) {
      // A unique index that allows one record per student (or attempt) keeps the first: as the app would.
      const inserted = (error as { result?: { insertedCount?: number } }).result?.insertedCount;
      if (inserted === undefined) throw error;
      stored.set(name, (stored.get(name) ?? 0) + inserted);
    }
  }
}
console.log(
  `stored ${[...stored].map(([name, n]) => `${n} ${name}`).join(', ')} in ${((performance.now() - fillStarted) / 1000).toFixed(0)} s; store process peak RSS ${rssMb(storeProcess).toFixed(0)} MB`,
);
await client.close();
await stop(storeProcess);
console.log(
  `data folder: ${folderMb(storeDir).toFixed(0)} MB (${readdirSync(storeDir)
    .map((f) => `${f} ${(statSync(join(storeDir, f)).size / 1024 / 1024).toFixed(0)} MB`)
    .join(', ')})`,
);

// 3. What `npm start` costs with that data: two starts (the first may replay a long journal).
// 4. After the second, the instructor opens the activity: its results page lists every attempt (all
//    clones are in the one demo activity, so only up to a large class's worth is asked for).
// 5. Then the store's longest pause while a compaction runs under writes (longestStorePause).
const attemptsInActivity = STUDENTS * SUBMISSIONS;
for (const run of [1, 2]) {
  const { child, seconds, output } = await start([cli, 'serve'], serveEnv, 'listening on');
  await new Promise((r) => setTimeout(r, 1_000));
  console.log(`start ${run}: listening after ${seconds.toFixed(1)} s, peak RSS ${rssMb(child).toFixed(0)} MB`);
  if (run === 2 && attemptsInActivity <= RESULTS_PAGE_MAX_ATTEMPTS) {
    for (const visit of [1, 2]) {
      const clicked = performance.now();
      const page = await new TestBrowser().navigate(
        `http://127.0.0.1:${PORT}/sandbox/launch?user=teacher&link=demo-exam`,
      );
      if (page.status !== 200) throw new Error(`the instructor's results page: HTTP ${page.status}`);
      console.log(
        `the instructor's results page (${attemptsInActivity} attempts), visit ${visit}: ${(performance.now() - clicked).toFixed(0)} ms from the click to the page, ${(page.body.length / 1e6).toFixed(1)} MB of HTML`,
      );
    }
  }
  if (run === 2) console.log(await longestStorePause(output));
  await stop(child);
}
rmSync(dataDir, { recursive: true, force: true });

/**
 * The embedded store compacts its journal into a new snapshot of the whole state once the journal
 * has passed 64 MB or half the last snapshot (persistence/compaction-policy.ts), slice by slice
 * between the commands it answers. Written back to back, as here, the writes leave it no quiet
 * moment, so it compacts at twice that: the longest a write waited while the probe wrote into a
 * collection of its own, through the running server's store, until a compaction had started
 * (a journal set aside) and ended (none left).
 */
async function longestStorePause(serverOutput: string): Promise<string> {
  const address = /on (127\.0\.0\.1:\d+)/.exec(serverOutput)?.[1];
  if (!address) throw new Error('the server did not say where its embedded store listens');
  const probe = new MongoClient(`mongodb://${address}`, { directConnection: true });
  const filler = 'x'.repeat(16_000);
  const setAside = () => readdirSync(storeDir).some((f) => /^journal\.\d+\.log$/.test(f));
  let longest = 0;
  let written = 0;
  let compacting = false;
  let compacted = false;
  while (!compacted && written < 4 * 1024 ** 3) {
    const sent = performance.now();
    await probe
      .db('bench-pause-probe')
      .collection('filler')
      .insertMany(Array.from({ length: 8 }, () => ({ filler })));
    longest = Math.max(longest, performance.now() - sent);
    written += 8 * filler.length;
    if (setAside()) compacting = true;
    else if (compacting) compacted = true;
  }
  await probe.close();
  if (!compacted) return `the store did not compact its journal while ${(written / 1e6).toFixed(0)} MB were written`;
  return `the store's longest pause while ${(written / 1e6).toFixed(0)} MB were written, a journal compaction (the whole state written again) among them: ${longest.toFixed(0)} ms`;
}
