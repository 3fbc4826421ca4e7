// npm run bench:http: STUDENTS sandbox students launch, then submit through the real routes
// (learner session, grading, durable embedded store, outbox, the score sent to the sandbox LMS).
// Prints launches/s and submissions/s, p50/p99 latency, CPU per launch and per submission, and
// peak RSS; then times the instructor's pages that read the whole class (results, grade sheet,
// answers CSV, gradebook comparison, regrade preview). The server runs in its own process, as
// `npm start` does.
//
// In one run: the stack's floor (floor.ts, the same load, none of our code) right before each of
// the app's phases: its `launch` stage before the launches, its `+ags` stage before the
// submissions and again after the submissions (closed loop, then half load). The last lines give the app's server CPU as
// a multiple of the floor's ("x.x× the floor"): two figures taken a minute apart on the same
// machine, under whatever else it runs (the load average is printed with each). FLOOR=0 skips the
// floor. Each floor runs the app's schedule: WARMUP untimed, then STUDENTS timed, launches and
// submissions alike, because a fresh process's first thousand requests pay for its JIT: the `+ags`
// floor cost 2.4-2.5 ms a request timed over 1,000 after 200 warm-up and 1.1-1.25 ms over 4,000
// after 4,000, and comparing the app's first with the floor's second made the ratio mean little.
// WARMUP=200 measures both nearly cold (the app's stack is warmed by its launches meanwhile, the
// floor's is not: that comparison flatters the app). How much of the gap is the size of what a
// graded submission stores: the `+ags+parts` floor, measured after the second `+ags` one and
// printed beside the headline.
//
//   LAUNCH_CONCURRENCY=20      launches: that many students click at once (closed loop), each lane
//                              clicking the next as soon as its page arrived; compare with the
//                              launch floor of bench:floor, which uses the same lanes.
//   ARRIVALS=1000              then that many more students arrive evenly over ARRIVAL_SECONDS=60
//                              (open loop, latency from when each was due): an exam's first minute.
//                              ARRIVALS=0 skips it.
//   CONCURRENCY=200 (default)  closed loop: 200 students press Submit at once and each submits as
//                              soon as the one before got its answer (an exam's last minute; the
//                              rate is the most the server does; latency is queueing: 200 / rate).
//                              Then the ARRIVALS students submit in an open loop at half the rate
//                              the closed loop measured (HALF_LOAD=0 skips it): latency at a load
//                              the server can carry.
//   RATE=300                   open loop instead of the closed loop: a submission every 1/RATE s
//                              whatever the answers, latency counted from when it was due (no
//                              coordinated omission).
// CPU per submission is read when every score of the phase is in the sandbox LMS's gradebook (the
// grade-sync worker sends them after the answers), so it holds the whole of each submission's work.
// The store's compactions are charged by share: the time of one that fell in the phase is taken
// out, and the phase's journaled bytes times the last compaction's time per journal byte put in
// (both printed; the ratios to the floor use the charged figure). Each phase also prints the store
// commands it ran per launch or submission (the store's metrics.commands, the bench's own left out).
//   INSTANCES=2                that many app instances (each with its own sandbox LMS, students
//                              spread over them) sharing one store in its own process, as a
//                              deployment scales out: any instance may send any queued score.
//   STORE=process              the store in its own process (as production runs mongod), reached
//                              by MONGODB_URI; default: embedded in the app process, as `npm start`.
//   WARMUP=3000                that many more students launch and submit first, not counted,
//                              CONCURRENCY at a time: the server is warm (its JIT has settled; 200
//                              were not enough, see the floor above) and each student in flight has an
//                              open keep-alive connection, as a page that autosaves every few seconds
//                              has. The floors run the same schedule.
//   CONNECTIONS=cold           warm-up one by one on one connection instead: the measured burst opens
//                              its connections as it goes. Its slowest submissions wait for their
//                              connection to be accepted by a saturated server (p99 several times p50).
//                              A reverse proxy keeping connections to the app open takes that away.
//   MODE=html                  ask for the full page instead of JSON (a page without script).
//   SERVER_NODE_OPTIONS        V8 flags for the server only, e.g. --max-old-space-size=200.
//   SERVER_LOG=<file>          the server's stdout appended to that file (with SERVER_NODE_OPTIONS=
//                              --trace-gc, its collections), and each submission phase's start in ms
//                              from the server's spawn, about the clock --trace-gc counts on: with the
//                              line that says when a phase's slowest 1 % were due, whether a stall
//                              was a collection. Use with STORE unset (the first process spawned is the server).
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_COMPACTION_POLICY } from 'embedded-mongo';
import { MongoClient } from 'mongodb';
import { hiddenField, pressButton, TestBrowser } from '../tests/support/lti-browser.ts';
import { measureLaunchFloor, measureSubmitFloor, launchFloorLine, submitFloorLine } from './floor.ts';
import { inLanes, launchOnce, openLoop, percentile } from './launch-load.ts';
import {
  anyScoreToSend,
  commandsBetween,
  commandsLine,
  compactedBetween,
  journalShare,
  StoreFigures,
  type BenchCommands,
  type JournalShare,
} from './store-figures.ts';
import { cpuSeconds, DEMO_EXAM_ANSWERS, freePort, peakRssMb, postForm } from './load-client.ts';

const STUDENTS = Number(process.env.STUDENTS ?? 1000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 200);
// Students who launch and submit first, not counted: a server that has been running (its JIT settled).
const WARMUP = Number(process.env.WARMUP ?? 3000);
const RATE = process.env.RATE ? Number(process.env.RATE) : undefined;
const MODE = process.env.MODE === 'html' ? 'html' : 'json';
const INSTANCES = Math.max(1, Number(process.env.INSTANCES ?? 1));
// Several app instances share one store, as they would share one MongoDB: it is its own process.
const SEPARATE_STORE = process.env.STORE === 'process' || INSTANCES > 1;
const COLD = process.env.CONNECTIONS === 'cold';
const PORT = 3400 + Math.floor(process.pid % 500);
// A port the system has free now (its pid-derived neighbour collided with other runs' servers).
const STORE_PORT = await freePort();
const LAUNCH_CONCURRENCY = Number(process.env.LAUNCH_CONCURRENCY ?? 20);
const dataDir = mkdtempSync(join(tmpdir(), 'ev-bench-http-'));
const cli = fileURLToPath(new URL('../bin/exam-variants.js', import.meta.url));

const SERVER_LOG = process.env.SERVER_LOG;
/** When the first of the bench's processes was spawned: --trace-gc counts from about then. */
let firstSpawnedAt: number | undefined;
function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: string,
  onLine: (text: string) => void = () => undefined,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  firstSpawnedAt ??= performance.now();
  if (SERVER_LOG) child.stdout?.on('data', (chunk: Buffer) => appendFileSync(SERVER_LOG, chunk));
  // Shown as before, and read too (a server logs its embedded store's address at start).
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    onLine(chunk.toString());
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      onLine(chunk.toString());
      if (chunk.toString().includes(ready)) resolve(child);
    });
    child.once('exit', () => reject(new Error(`${args.join(' ')} exited`)));
  });
}

const FLOOR = process.env.FLOOR !== '0';
const loadAverage = () => `load average ${loadavg()[0]?.toFixed(1)}`;
// The launch floor first, before the app's processes exist: nothing of ours runs beside it.
const launchFloor = FLOOR
  ? await measureLaunchFloor({ lanes: LAUNCH_CONCURRENCY, launches: STUDENTS, warmup: WARMUP })
  : undefined;
if (launchFloor)
  console.log(`floor (bench/floor.ts, none of our code): ${launchFloorLine(launchFloor)}; ${loadAverage()}`);

// The store compacts its journal (the whole state written again as a snapshot, 47 MB and half a
// second to two seconds of a core for this bench's data) when its journal has passed the threshold
// and nothing was written for a moment (or at twice the threshold under load), which the pauses
// between this bench's phases are: before each phase and each floor the bench waits for such a
// compaction to end (`settled`), so a floor never shares the cores with one, and says so. A phase a
// compaction does fall in says so too, and is charged its share instead (store-figures.ts).
async function settled(before: string): Promise<void> {
  const waited = await storeFigures.settled(DEFAULT_COMPACTION_POLICY.quietMs);
  if (waited) console.log(`(before ${before}: ${waited})`);
}

const store = SEPARATE_STORE
  ? await startProcess(
      [cli, 'store', '--port', String(STORE_PORT), '--dbpath', join(dataDir, 'store')],
      process.env,
      'listening',
    )
  : undefined;
const serverFlags = [
  ...(process.env.SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []),
  ...(process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : []),
];
let storeUri = store ? `mongodb://127.0.0.1:${STORE_PORT}/exam-variants` : '';
// Instances share the LTI key and seed secret (as a deployment's instances share their
// configuration), so any of them can send a score another one queued; each has its own sandbox LMS.
const sharedSecrets =
  INSTANCES > 1 ? { LTI_KEY: 'bench-lti-key-0123456789abcdef', SEED_SECRET: 'bench-seed-secret-0123456789abcdef' } : {};
const servers: ChildProcess[] = [];
for (let i = 0; i < INSTANCES; i++) {
  servers.push(
    await startProcess(
      [...serverFlags, cli, 'serve'],
      {
        ...process.env,
        ...sharedSecrets,
        PORT: String(PORT + i),
        BASE_URL: `http://127.0.0.1:${PORT + i}`,
        DATA_DIR: join(dataDir, `app-${i}`),
        NODE_ENV: 'development',
        ...(store ? { MONGODB_URI: storeUri } : {}),
      },
      'listening on',
      (text) => {
        // The embedded store's address, from the line the server logs at start: the bench reads the outbox there.
        const embedded = /embedded MongoDB-compatible store .* on (127\.0\.0\.1:\d+)/.exec(text)?.[1];
        if (embedded) storeUri = `mongodb://${embedded}/exam-variants`;
      },
    ),
  );
}
const serversCpuSeconds = () => servers.reduce((sum, server) => sum + cpuSeconds(server), 0);
// The bench's own connection to the store: the outbox's records and the store's figures.
const storeClient = new MongoClient(storeUri, { directConnection: true });
const storeFigures = new StoreFigures(storeClient, storeUri);
const serversPeakRssMb = () => Math.max(...servers.map(peakRssMb));

interface Student {
  /** The app instance the student launched through (their LMS's tool URL). */
  port: number;
  session: string;
  key: string;
}

// Submissions go through node:http with one keep-alive socket per student in flight (load-client.ts).
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

// Phase 1: the start of an exam. Every student clicks the activity in the sandbox LMS and follows
// the OIDC login and launch to their own variant's page. The warm-up students launch first (not
// counted: a server that has been running), then STUDENTS in a closed loop of LAUNCH_CONCURRENCY;
// then ARRIVALS more arrive evenly over ARRIVAL_SECONDS (open loop). CPU is the server process's:
// the sandbox LMS runs in it, so its share (authorization, id_token signing) is in the figure, as
// it is in bench:floor's launch floor.
const ARRIVALS = Number(process.env.ARRIVALS ?? 1000);
const ARRIVAL_SECONDS = Number(process.env.ARRIVAL_SECONDS ?? 60);
let launchErrors = 0;
const launchStudent = async (n: number): Promise<Student & { ms: number }> => {
  const port = PORT + (n % INSTANCES);
  const launched = await launchOnce(port, `student-${n}`);
  if (!launched.body) launchErrors++;
  const page = launched.body ?? '';
  return {
    port,
    ms: launched.ms,
    session: page && hiddenField(page, 'session'),
    key: page && hiddenField(page, 'idempotencyKey'),
  };
};
console.log(
  `launching ${WARMUP} warm-up and ${STUDENTS} timed sandbox students, ${LAUNCH_CONCURRENCY} at a time (OIDC launch, own variant page)...`,
);
const warmupLaunches = await inLanes(WARMUP, LAUNCH_CONCURRENCY, (i) => launchStudent(STUDENTS + i));
const launchStoreBefore = await storeFigures.read();
const launchCpuBefore = serversCpuSeconds();
const launchStoreCpuBefore = cpuSeconds(store);
const launchClientBefore = process.cpuUsage();
const launchStarted = performance.now();
const launchWindowStart = process.hrtime.bigint() / 1000n;
const timedLaunches = await inLanes(STUDENTS, LAUNCH_CONCURRENCY, (i) => launchStudent(i));
// The phase's span on the clock V8's --cpu-prof stamps its samples with (CLOCK_MONOTONIC, µs).
if (process.env.PROFILE_DIR)
  console.log(`profile window (µs) launches: ${launchWindowStart} ${process.hrtime.bigint() / 1000n}`);
const launchSeconds = (performance.now() - launchStarted) / 1000;
const launchCpu = serversCpuSeconds() - launchCpuBefore;
const launchStoreCpu = cpuSeconds(store) - launchStoreCpuBefore;
const launchClient = process.cpuUsage(launchClientBefore);
const launchStoreAfter = await storeFigures.read();
const launchJournal = journalShare(launchStoreBefore, launchStoreAfter);
const launchMs = timedLaunches.map((l) => l.ms);
const launchServerMs = (launchCpu * 1000) / STUDENTS;
console.log(
  `launches (closed loop, ${LAUNCH_CONCURRENCY} at a time): ${STUDENTS} in ${launchSeconds.toFixed(1)} s = ${Math.round(STUDENTS / launchSeconds)}/s, click to last byte p50 ${percentile(launchMs, 50).toFixed(0)} ms, p99 ${percentile(launchMs, 99).toFixed(0)} ms; CPU per launch: ${INSTANCES > 1 ? 'instances' : 'server'} (tool + sandbox LMS${store ? '' : ' + embedded store'}) ${launchServerMs.toFixed(1)} ms${store ? `, store process ${((launchStoreCpu * 1000) / STUDENTS).toFixed(1)} ms` : ''}, load generator ${((launchClient.user + launchClient.system) / 1000 / STUDENTS).toFixed(1)} ms; ${launchErrors} errors; ${loadAverage()}${compactedBetween(launchStoreBefore, launchStoreAfter)}`,
);
console.log(commandsLine(commandsBetween(launchStoreBefore, launchStoreAfter), STUDENTS, 'launch'));
console.log(storeFigures.compactionLine(launchServerMs, launchJournal, STUDENTS, 'launch'));
let arrivals: Array<Student & { ms: number }> = [];
if (ARRIVALS > 0) {
  launchErrors = 0;
  const storeBefore = await storeFigures.read();
  const cpuBefore = serversCpuSeconds();
  arrivals = await openLoop(ARRIVALS, ARRIVAL_SECONDS, (i) => launchStudent(STUDENTS + WARMUP + i));
  const arrivalMs = arrivals.map((l) => l.ms);
  const compacted = compactedBetween(storeBefore, await storeFigures.read());
  console.log(
    `launches (open loop, ${ARRIVALS} students arriving evenly over ${ARRIVAL_SECONDS} s): click to last byte p50 ${percentile(arrivalMs, 50).toFixed(0)} ms, p99 ${percentile(arrivalMs, 99).toFixed(0)} ms, max ${percentile(arrivalMs, 100).toFixed(0)} ms; server CPU ${(((serversCpuSeconds() - cpuBefore) * 1000) / ARRIVALS).toFixed(1)} ms per launch; ${launchErrors} errors${compacted}`,
  );
}
const students: Student[] = [...timedLaunches, ...warmupLaunches];
const rssAfterLaunch = serversPeakRssMb();

// Phase 2: the end of an exam. Each submission is parsed, graded, stored durably with its outbox
// record, and answered with the feedback. As a page with script does, the request asks for JSON.
let latencies: number[] = [];
/** When each answered submission was due, from the phase's start (ms), beside its latency: where the tail is. */
let dueOffsets: number[] = [];
let phaseStartedAt = 0;
let errors = 0;
let inFlight = 0;
let maxInFlight = 0;
/** Submissions answered `stored` so far: each queued one score for the gradebook. */
let stored = 0;
const submit = async (s: Student, dueAt: number): Promise<void> => {
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  const post = () =>
    postForm(
      agent,
      s.port,
      '/quiz',
      { session: s.session, action: 'submit-confirmed', idempotencyKey: s.key, ...DEMO_EXAM_ANSWERS },
      MODE === 'json' ? 'application/json' : 'text/html',
    );
  // A kept-alive socket the server closed as idle (5 s) just as this request went out on it: reset.
  // A browser sends such a request again, and the idempotency key makes it the same submission.
  // It ended two runs in the half-load phase (uncaught), which starts after the sockets sat idle.
  const r = await post().catch((error: unknown) => {
    if ((error as { code?: unknown } | null)?.code === 'ECONNRESET') return post();
    throw error;
  });
  inFlight--;
  const ok =
    r.status === 200 &&
    (MODE === 'json'
      ? (JSON.parse(r.body) as { stored?: boolean }).stored === true
      : r.body.includes('class="feedback'));
  if (ok) {
    latencies.push(performance.now() - dueAt);
    dueOffsets.push(dueAt - phaseStartedAt);
    stored++;
  } else errors++;
};
/** `lanes` students at a time, each lane submitting the next as soon as its last one was answered. */
async function closedLoop(queue: Student[], lanes: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, queue.length) }, async () => {
      for (let s = queue[next++]; s; s = queue[next++]) await submit(s, performance.now());
    }),
  );
}
/** A submission every 1/rate s whatever the answers; latency counted from when each was due. */
async function openLoopAt(queue: Student[], rate: number): Promise<void> {
  const started = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < queue.length; i++) {
    const dueAt = started + (i * 1000) / rate;
    const wait = dueAt - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(submit(queue[i] as Student, dueAt));
  }
  await Promise.all(pending);
}

// The grade-sync worker sends the scores after the answers: a phase's work is done when each of
// its scores is in the sandbox LMS's gradebook (the outbox marks it sent once the LMS took it).
// The store answers these polls on the server's CPU, so each asks only whether any record is still
// pending or being sent (the first it finds answers), and the phase's sent records are counted once
// at the end. Counting the sent ones at every poll read every record sent so far (5,000 and more
// after the warm-up), and counting those still to send read the whole backlog: 0.05 and 0.04 ms of
// the store's thread a submission, in profiles, that the floor's in-memory count does not cost.
async function allScoresSent(
  queuedSince: Date,
  timeoutMs = 120_000,
): Promise<{ sent: number; ms: number; polls: BenchCommands }> {
  const started = performance.now();
  const outbox = storeClient.db().collection('grade_sync');
  // The commands these polls run, by the store's name for them: left out of the phase's count.
  const polls = { find: 0, aggregate: 0 };
  while (performance.now() - started < timeoutMs) {
    polls.find++;
    if (!(await anyScoreToSend(outbox))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const ms = performance.now() - started;
  // Fewer than expected (a score failed, or the wait timed out): the phase's line says how many.
  polls.aggregate++;
  const sent = await outbox.countDocuments({ status: 'sent', nextAttemptAt: { $gte: queuedSince } });
  return { sent, ms, polls };
}

interface Phase {
  label: string;
  count: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** When the submissions at or over p99 were due, from the phase's start: a stall, or spread out. */
  tailDue: string;
  errors: number;
  /** Server CPU per submission when the last answer arrived, and when the last score was sent. */
  answeredMs: number;
  serverMs: number;
  clientMs: number;
  passbackSeconds: number;
  sent: number;
  /** The machine's load average when the phase ended. */
  load: string;
  /** Said when the store compacted its journal during the phase. */
  compacted: string;
  journal: JournalShare;
  /** The store commands of the phase, and those run after its last answer (sending its scores). */
  commands: Map<string, number>;
  commandsAfterAnswer: Map<string, number>;
}
async function measurePhase(label: string, run: () => Promise<void>): Promise<Phase> {
  latencies = [];
  dueOffsets = [];
  maxInFlight = 0;
  errors = 0;
  const storedBefore = stored;
  const queuedSince = new Date();
  const storeBefore = await storeFigures.read();
  const cpuBefore = serversCpuSeconds() + cpuSeconds(store);
  const clientCpuBefore = process.cpuUsage();
  const started = performance.now();
  phaseStartedAt = started;
  if (SERVER_LOG)
    console.log(
      `(the next phase starts ${(started - (firstSpawnedAt ?? 0)).toFixed(0)} ms after the server was spawned)`,
    );
  const windowStart = process.hrtime.bigint() / 1000n;
  await run();
  const seconds = (performance.now() - started) / 1000;
  const answeredCpu = serversCpuSeconds() + cpuSeconds(store) - cpuBefore;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const storeAnswered = await storeFigures.read();
  const passback = await allScoresSent(queuedSince);
  const cpu = serversCpuSeconds() + cpuSeconds(store) - cpuBefore;
  const storeAfter = await storeFigures.read();
  const journal = journalShare(storeBefore, storeAfter);
  // The phase's span on the clock V8's --cpu-prof stamps its samples with (CLOCK_MONOTONIC, µs).
  const shownLabel = label.replace('{inFlight}', String(maxInFlight));
  if (process.env.PROFILE_DIR)
    console.log(`profile window (µs) ${shownLabel}: ${windowStart} ${process.hrtime.bigint() / 1000n}`);
  const count = Math.max(1, stored - storedBefore);
  return {
    label: shownLabel,
    count: latencies.length,
    seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    tailDue: whenDue(latencies, dueOffsets, percentile(latencies, 99)),
    errors,
    answeredMs: (answeredCpu * 1000) / count,
    serverMs: (cpu * 1000) / count,
    clientMs: (clientCpu.user + clientCpu.system) / 1000 / count,
    passbackSeconds: seconds + passback.ms / 1000,
    sent: passback.sent,
    load: loadAverage(),
    compacted: compactedBetween(storeBefore, storeAfter),
    journal,
    commands: commandsBetween(storeBefore, storeAfter, passback.polls),
    commandsAfterAnswer: commandsBetween(storeAnswered, storeAfter, passback.polls),
  };
}
/** The 100 ms spans of the phase in which the submissions taking at least `atLeast` ms were due, as ranges ("0.1-0.4 s, 2.2 s"). */
function whenDue(latencies: number[], due: number[], atLeast: number): string {
  const spans = [...new Set(latencies.flatMap((ms, i) => (ms >= atLeast ? [Math.floor((due[i] ?? 0) / 100)] : [])))];
  spans.sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (const span of spans) {
    const last = ranges[ranges.length - 1];
    if (last && span === last[1] + 1) last[1] = span;
    else ranges.push([span, span]);
  }
  const s = (span: number) => (span / 10).toFixed(1);
  return ranges.map(([a, b]) => (a === b ? `${s(a)} s` : `${s(a)}-${s(b + 1)} s`)).join(', ');
}
const processes = `${INSTANCES > 1 ? 'instances' : 'server'}${store ? ' + store' : ''}`;
function phaseLines(p: Phase): string {
  return [
    `submissions (${p.label}): ${p.count} in ${p.seconds.toFixed(2)} s = ${Math.round(p.count / p.seconds)} graded-and-stored submissions/s, p50 ${p.p50.toFixed(1)} ms, p90 ${p.p90.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, max ${p.max.toFixed(1)} ms, ${p.errors} errors; ${p.load}${p.compacted}`,
    `  the slowest 1 % were due ${p.tailDue} into the phase`,
    `  CPU per submission (${processes}): ${p.serverMs.toFixed(1)} ms with its score sent (${p.answeredMs.toFixed(1)} ms when the last answer arrived); load generator ${p.clientMs.toFixed(1)} ms (on the same cores); ${p.sent} of its scores in the sandbox gradebook ${p.passbackSeconds.toFixed(1)} s after the first submission`,
    commandsLine(p.commands, Math.max(1, p.count), 'submission', p.commandsAfterAnswer),
    storeFigures.compactionLine(p.serverMs, p.journal, Math.max(1, p.count), 'submission'),
  ].join('\n');
}

/** The submission floor now (the app's processes idle meanwhile), printed as `label`. */
async function measureSubmitFloorNow(label: string, stage: '+ags' | '+ags+parts' = '+ags') {
  if (!FLOOR) return undefined;
  await settled(label);
  const floor = await measureSubmitFloor(stage, {
    concurrency: CONCURRENCY,
    requests: STUDENTS,
    warmup: WARMUP,
  });
  console.log(`${label} (bench/floor.ts, none of our code): ${submitFloorLine(floor)}; ${loadAverage()}`);
  return floor;
}
// Right before the submissions.
const submitFloor = await measureSubmitFloorNow('floor');

const warmups = students.splice(STUDENTS);
const warmupSince = new Date();
if (COLD) for (const s of warmups) await submit(s, performance.now());
else await closedLoop(warmups, CONCURRENCY);
const warmupErrors = errors;
// The warm-up's scores are sent before the timed phase starts: their sending is not counted in it.
await allScoresSent(warmupSince);
await settled('the closed loop');
const where = `store ${store ? 'in its own process' : 'embedded'}, ${COLD ? 'connections opened during the burst' : 'connections open'}`;
const main = await measurePhase(
  RATE
    ? `${MODE} responses, offered ${RATE}/s open loop, at most {inFlight} in flight, ${where}`
    : `${MODE} responses, ${CONCURRENCY} concurrent students, closed loop, ${where}`,
  () => (RATE ? openLoopAt(students, RATE) : closedLoop(students, CONCURRENCY)),
);
console.log(`server RSS peak after the launches ${rssAfterLaunch.toFixed(0)} MB`);
console.log(phaseLines(main));
// At half what the closed loop carried: the latency of a server that keeps up. Straight after the
// closed loop, before the floors are measured again: on the development VM a process that sat idle
// for about 20 s pays page faults when it resumes (the kernel's DAMON pageout; see bench:compare's
// IDLE_SECONDS), and the two floors below take longer than that.
const halfRate = Math.round(main.count / main.seconds / 2);
const halfLoad = !RATE && process.env.HALF_LOAD !== '0' && arrivals.length > 0;
if (halfLoad) await settled('the half-load phase');
const half = halfLoad
  ? await measurePhase(
      `${MODE} responses, open loop at half the closed loop's rate: ${halfRate}/s offered, at most {inFlight} in flight, ${where}`,
      () => openLoopAt(arrivals, halfRate),
    )
  : undefined;
if (half) console.log(phaseLines(half));
// The floor again: this machine's speed drifts within a minute (the same build gave CPU figures
// 20 % apart in runs a few minutes apart), so the ratio is given against both.
const submitFloorAfter = await measureSubmitFloorNow('floor again');
// And the floor storing what the app stores for a graded submission (25 parts with their feedback),
// beside the headline: how much of the gap is the size of what a graded submission is.
const partsFloor = await measureSubmitFloorNow('floor storing the graded parts', '+ags+parts');
console.log(
  `${INSTANCES > 1 ? `${INSTANCES} app instances, each` : 'server'}: peak RSS ${serversPeakRssMb().toFixed(0)} MB${store ? `, store process peak RSS ${peakRssMb(store).toFixed(0)} MB` : ''}; ${warmupErrors} warm-up errors`,
);
if (launchFloor && submitFloor) {
  // The app's figures as charged (its share of compactions, not the one that fell in its phase):
  // the floors' stores hold a few MB and journal less than a compaction's threshold in a run.
  const submitMs = storeFigures.chargedMs(main.serverMs, main.journal, Math.max(1, main.count));
  const launchMsCharged = storeFigures.chargedMs(launchServerMs, launchJournal, STUDENTS);
  const times = (ours: number, theirs: number) => `${(ours / theirs).toFixed(1)}× the floor`;
  const measured = (raw: number, charged: number) =>
    Math.abs(raw - charged) < 0.005
      ? `${charged.toFixed(2)} ms`
      : `${charged.toFixed(2)} ms (${raw.toFixed(2)} ms measured)`;
  console.log(
    `in one run, server CPU against the floor (${processes}; each timed over ${STUDENTS} after ${WARMUP} warm-up, as the app; the app charged its share of the store's compactions):`,
  );
  console.log(
    `  per submission with its score sent: ${measured(main.serverMs, submitMs)} against ${submitFloor.serverMs.toFixed(2)} ms (+ags) = ${times(submitMs, submitFloor.serverMs)}`,
  );
  if (submitFloorAfter)
    console.log(
      `    and against the floor measured after the half-load phase: ${submitFloorAfter.serverMs.toFixed(2)} ms = ${times(submitMs, submitFloorAfter.serverMs)}`,
    );
  if (partsFloor)
    console.log(
      `    and against the floor storing the graded parts the app stores (+ags+parts): ${partsFloor.serverMs.toFixed(2)} ms = ${times(submitMs, partsFloor.serverMs)}`,
    );
  console.log(
    `  per launch: ${measured(launchServerMs, launchMsCharged)} against ${launchFloor.serverMs.toFixed(2)} ms (launch) = ${times(launchMsCharged, launchFloor.serverMs)}`,
  );
}

// The instructor opens the activity after the exam: the results page lists every attempt, and its
// statistics group them by variant. Unlike bench:data's clones, each of these students drew their
// own variant, as a class does. Then the pages it links to that read the whole class.
{
  const teacher = new TestBrowser();
  const base = `http://127.0.0.1:${PORT}`;
  const timed = async (what: string, open: () => ReturnType<TestBrowser['navigate']>) => {
    const clicked = performance.now();
    const page = await open();
    if (page.status !== 200) throw new Error(`${what}: HTTP ${page.status}`);
    console.log(
      `  ${what}: ${(performance.now() - clicked).toFixed(0)} ms from the click, ${(page.body.length / 1e6).toFixed(1)} MB`,
    );
    return page.body;
  };
  await settled('the instructor');
  console.log('the instructor after the exam (each student with their own variant):');
  const results = await timed('launch to the results page', () =>
    teacher.navigate(`${base}/sandbox/launch?user=teacher&link=demo-exam`),
  );
  console.log(`    (${results.split('<tr data-attempt=').length - 1} attempts listed)`);
  const linked = (path: string) => {
    const href = new RegExp(`href="(${path.replace(/[.?]/g, '\\$&')}[^"]*)"`).exec(results)?.[1];
    if (!href) throw new Error(`the results page has no link to ${path}`);
    return `${base}${href.replace(/&amp;/g, '&')}`;
  };
  for (const [what, path] of [
    ['grade sheet (CSV)', '/instructor/grade-sheet.csv?'],
    ['every answer (CSV)', '/instructor/export.csv?'],
    ['compare with the LMS gradebook', '/instructor/reconcile?'],
  ] as const)
    await timed(what, () => teacher.navigate(linked(path)));
  // A row's "answers" button: the form it names, with the attempt's id.
  const attempt = /<tr data-attempt="([^"]+)"/.exec(results)?.[1] ?? '';
  const answers = pressButton(results, { form: 'open-attempt', name: 'attempt', value: attempt });
  await timed("one student's answers", () =>
    teacher.navigate(`${base}${answers.action}?${new URLSearchParams(answers.fields).toString()}`),
  );
  // Every student's submission graded again under a rule, to show who would change.
  await timed('regrade preview (a part discounted)', () =>
    teacher.navigate(`${linked('/instructor/regrade?')}&part=0:mean&action=discount`),
  );
}

await storeClient.close();
for (const child of [...servers, store]) {
  if (!child) continue;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}
rmSync(dataDir, { recursive: true, force: true });
