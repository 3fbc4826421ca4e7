// npm run bench:compare -- <dirA> <dirB>: two builds of the tool (two checkouts, each with its
// node_modules) measured side by side. Each runs `serve` in its own process with its sandbox LMS
// and embedded store; STUDENTS launch into each; then they submit in ROUNDS, the two builds taking
// turns round by round (A B, B A, A B, ...), LANES students at a time, and each round reads the
// server CPU per submission with every score of the round sent. Why: this machine's speed drifts
// (the same build measured 20 % apart a few minutes apart), so two bench:http runs cannot tell a
// 10 % change; here both builds meet the same drift within seconds of each other, and the figure
// to read is the ratio B/A of each round and their median.
//
//   STUDENTS=600 (per build)  PER_ROUND=100  LANES=1 (one student at a time; 200 is an exam's end)
//   MEASURE=launches           launches instead of submissions: each round launches PER_ROUND new
//                              students per build, LANES at a time (20 unless set), and reads the
//                              server CPU per launch (sandbox LMS, OIDC, ltijs, the page)
//   IDLE_SECONDS=0             both builds sit idle that long before each round: a burst after a
//                              quiet spell (an idle process's memory may be paged out meanwhile)
//   FLAGS_A, FLAGS_B           node flags for one build's server (the same checkout twice with
//                              FLAGS_B="--max-semi-space-size=64" measures a V8 setting)
// Run the same checkout as A and B now and then: its median should be within about 10 % of 1.00.
// Rounds of 100 vary by a third; 500 a round (STUDENTS=3000 PER_ROUND=500) keeps them within about 15 %.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { hiddenField } from '../tests/support/lti-browser.ts';
import { inLanes, launchOnce, percentile } from './launch-load.ts';
import { cpuSeconds, DEMO_EXAM_ANSWERS, freePort, postForm } from './load-client.ts';
import { anyScoreToSend } from './store-figures.ts';

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: npm run bench:compare -- <checkout A> <checkout B>');
  process.exit(2);
}
const STUDENTS = Number(process.env.STUDENTS ?? 600);
const PER_ROUND = Number(process.env.PER_ROUND ?? 100);
const MEASURE = process.env.MEASURE === 'launches' ? 'launches' : 'submissions';
const LANES = Number(process.env.LANES ?? (MEASURE === 'launches' ? 20 : 1));
const WARMUP = Number(process.env.WARMUP ?? 100);
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 0);
const dataDir = mkdtempSync(join(tmpdir(), 'ev-bench-compare-'));

interface Build {
  name: string;
  port: number;
  server: ChildProcess;
  outbox: MongoClient;
  students: Array<{ session: string; key: string }>;
  submitted: number;
}

async function startBuild(name: string, dir: string): Promise<Build> {
  const port = await freePort();
  const flags = process.env[`FLAGS_${name}`]?.split(' ').filter(Boolean) ?? [];
  const server = spawn(process.execPath, [...flags, join(resolve(dir), 'bin/exam-variants.js'), 'serve'], {
    cwd: resolve(dir),
    env: {
      ...process.env,
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: join(dataDir, name),
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const storeUri = await new Promise<string>((done, fail) => {
    let uri = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      uri ||= /embedded MongoDB-compatible store .* on (127\.0\.0\.1:\d+)/.exec(text)?.[1] ?? '';
      if (text.includes('listening on')) done(`mongodb://${uri}/exam-variants`);
    });
    server.once('exit', () => fail(new Error(`build ${name} (${dir}) exited before listening`)));
  });
  return {
    name,
    port,
    server,
    outbox: new MongoClient(storeUri, { directConnection: true }),
    students: [],
    submitted: 0,
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

async function submitAll(build: Build, count: number): Promise<void> {
  const queue = build.students.splice(0, count);
  await inLanes(queue.length, LANES, async (i) => {
    const s = queue[i] as { session: string; key: string };
    const r = await postForm(
      agent,
      build.port,
      '/quiz',
      { session: s.session, action: 'submit-confirmed', idempotencyKey: s.key, ...DEMO_EXAM_ANSWERS },
      'application/json',
    );
    if (r.status !== 200)
      throw new Error(`build ${build.name}: a submit answered ${r.status}: ${r.body.slice(0, 200)}`);
  });
  build.submitted += queue.length;
  // Done when every score is in the sandbox gradebook: the passback is part of a submission's work.
  const outbox = build.outbox.db().collection('grade_sync');
  const since = performance.now();
  while (await anyScoreToSend(outbox)) {
    if (performance.now() - since > 120_000) throw new Error(`build ${build.name}: scores not sent within 120 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const failed = await outbox.countDocuments({ status: 'failed' });
  if (failed > 0) throw new Error(`build ${build.name}: ${failed} scores failed to reach the sandbox gradebook`);
}

/** Launches `count` new students of `build` (`student-<n>` onwards), LANES at a time. */
async function launchNew(build: Build, count: number, first: number): Promise<void> {
  await inLanes(count, LANES, async (i) => {
    const page = await launchOnce(build.port, `student-${first + i}`);
    if (!page.body) throw new Error(`build ${build.name}: a launch failed`);
  });
}

/** Server CPU per submission (its score sent) or per launch of one round of `build`. */
async function round(build: Build, first: number): Promise<number> {
  if (IDLE_SECONDS > 0) await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const before = cpuSeconds(build.server);
  if (MEASURE === 'launches') await launchNew(build, PER_ROUND, first);
  else await submitAll(build, PER_ROUND);
  return ((cpuSeconds(build.server) - before) * 1000) / PER_ROUND;
}

const builds = [await startBuild('A', dirA), await startBuild('B', dirB)] as const;
try {
  // Both builds launch their students side by side, then warm up together: a build left idle while
  // the other launched (a minute or more) started its rounds colder (on the development VM a
  // process idle for 20 s pays page faults when it resumes, see the README), which made B look 20 %
  // cheaper than an identical A.
  // Measuring launches, the rounds launch their own students: these are the warm-up.
  const launched = await inLanes(MEASURE === 'launches' ? WARMUP : STUDENTS + WARMUP, 20, async (i) => {
    const pages = [];
    for (const build of builds) pages.push(await launchOnce(build.port, `student-${i}`));
    return pages;
  });
  builds.forEach((build, b) => {
    build.students = launched.map((pages) => ({
      session: hiddenField(pages[b]?.body ?? '', 'session'),
      key: hiddenField(pages[b]?.body ?? '', 'idempotencyKey'),
    }));
  });
  await Promise.all(builds.map((build) => submitAll(build, WARMUP)));
  const rounds = Math.floor(STUDENTS / PER_ROUND);
  const unit = MEASURE === 'launches' ? 'launch' : 'submission with its score sent';
  console.log(
    `${rounds} rounds of ${PER_ROUND} ${MEASURE} per build, ${LANES} at a time, builds taking turns (A: ${dirA}, B: ${dirB})`,
  );
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? builds : ([builds[1], builds[0]] as const);
    const ms = new Map<string, number>();
    const first = WARMUP + r * PER_ROUND;
    for (const build of order) ms.set(build.name, await round(build, first));
    const [a, b] = [ms.get('A') ?? 0, ms.get('B') ?? 0];
    ratios.push(b / a);
    console.log(
      `round ${r + 1}: server CPU per ${unit}: A ${a.toFixed(2)} ms, B ${b.toFixed(2)} ms, B/A ${(b / a).toFixed(2)}; load average ${loadavg()[0]?.toFixed(1)}`,
    );
  }
  console.log(
    `B/A median ${percentile(ratios, 50).toFixed(2)} (from ${Math.min(...ratios).toFixed(2)} to ${Math.max(...ratios).toFixed(2)} over ${rounds} rounds)`,
  );
} finally {
  for (const build of builds) {
    await build.outbox.close();
    build.server.kill('SIGTERM');
    await new Promise((r) => build.server.once('exit', r));
  }
  rmSync(dataDir, { recursive: true, force: true });
}
