// The stack's floor, measured: servers that do part of what a submission (or a launch) needs with
// none of this project's code in the request (floor-server.ts), under the same load as bench:http
// (CONCURRENCY clients in a closed loop on kept-alive connections, the load generator on the same
// cores). bench:floor prints every stage; bench:http measures `+ags` and `launch` in the same run
// as its own phases and prints its figures as multiples of them.
//
//   node              node:http: read the form, answer JSON. The machine's and Node's floor.
//   express           + express 5, helmet, cookie-parser, urlencoded body parser, res.json.
//   express+find      + one indexed find through mongoose (lean) on the durable embedded store
//                     thread: a submission must read the learner's attempt.
//   express+find+insert  + one insert of a submission-sized document, group-committed as the
//                     app's WriteBatcher does: a submission must be stored before it is answered.
//   +outbox+score     + the two other writes a submission needs (the grade-sync outbox upsert and
//                     the attempt's score), each group-committed.
//   +ags              + the score sent to the LMS: a POST over a kept-alive connection to an
//                     express route of the same process (the in-process sandbox LMS, as in
//                     bench:http), then a group-committed "sent" mark. No claim, lease or token.
//                     Its CPU is read once every score is marked sent, as bench:http's is.
//   +ags+parts        + stores what the app stores for a graded submission (25 graded parts with
//                     their feedback and the queued score, 5.4 kB of BSON; graded-parts.ts, made
//                     once at start) instead of the bare form (0.7 kB): the stack's cost of carrying
//                     those bytes through the driver, the store and its journal, without grading.
//
//   launch            a student's launch instead of a submission: the sandbox LMS's click, the
//                     OIDC login and launch through ltijs (state, id_token, session, ltik) on the
//                     durable embedded store, answered with a fixed small page (launch-floor-server.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { inLanes, launchOnce, percentile } from './launch-load.ts';
import { cpuSeconds, peakRssMb, postForm } from './load-client.ts';

export const FLOOR_STAGES = [
  'node',
  'express',
  'express+find',
  'express+find+insert',
  '+outbox+score',
  '+ags',
  '+ags+parts',
  'launch',
] as const;
export type FloorStage = (typeof FLOOR_STAGES)[number];

/** The stages that send each score to the LMS route and mark it sent. */
export function sendsScores(stage: FloorStage): boolean {
  return stage === '+ags' || stage === '+ags+parts';
}
/** Learners whose attempts the floor's store holds (the find reads one of them per request). */
export const FLOOR_USERS = 2_000;

/** What a floor stage measured: rate, latency, CPU (server with the embedded store's thread, load generator) and memory. */
interface FloorFigures {
  perSecond: number;
  p50: number;
  p99: number;
  /** Server CPU per request, ms (with the embedded store's thread, which runs in the server process). */
  serverMs: number;
  clientMs: number;
  rssMb: number;
}

export interface SubmitFloor extends FloorFigures {
  stage: FloorStage;
  requests: number;
}

export interface LaunchFloor extends FloorFigures {
  launches: number;
  lanes: number;
}

const serverScript = fileURLToPath(new URL('./floor-server.ts', import.meta.url));

/** The same V8 flags as the app's server under bench:http (SERVER_NODE_OPTIONS, PROFILE_DIR for --cpu-prof). */
const serverFlags = [
  ...(process.env.SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []),
  ...(process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : []),
];

async function startFloorServer(stage: FloorStage): Promise<{ server: ChildProcess; port: number }> {
  const server = spawn(process.execPath, [...serverFlags, '--import', 'tsx', serverScript, stage], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.stdout?.on('data', (chunk: Buffer) => {
      const announced = /listening (\d+)/.exec(chunk.toString())?.[1];
      if (announced) resolve(Number(announced));
    });
    server.once('exit', () => reject(new Error(`${stage} floor server exited`)));
  });
  return { server, port };
}

async function stopFloorServer(server: ChildProcess): Promise<void> {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
}

/** As bench:http's students send it: the learner session is a signed token of about this length. */
const FORM = {
  session: 'x'.repeat(420),
  action: 'submit',
  idempotencyKey: '3f0c9a52-6d1e-4b8a-9e51-0c7f2b9d4e11',
  'answer:0:jacobian': '[[1, -1], [1, 1]]',
  'answer:1:dLdtheta': '32',
  'answer:2:a2c': '2',
  'answer:3:alphaStar': '1/6',
  'answer:3:converge': '(0, 1/3)',
};

function sentSoFar(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/sent' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve((JSON.parse(Buffer.concat(chunks).toString()) as { sent: number }).sent));
    }).on('error', reject);
  });
}

/** One submit stage: `warmup` requests (as many as timed unless given), then `requests` timed ones, `concurrency` at a time. */
export async function measureSubmitFloor(
  stage: Exclude<FloorStage, 'launch'>,
  { concurrency, requests, warmup = requests }: { concurrency: number; requests: number; warmup?: number },
): Promise<SubmitFloor> {
  const { server, port } = await startFloorServer(stage);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  let posted = 0;
  const run = async (count: number) => {
    const latencies: number[] = [];
    let sent = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (sent++ < count) {
          const started = performance.now();
          const answer = await postForm(agent, port, '/submit', FORM, 'application/json');
          if (answer.status !== 200) throw new Error(`${stage}: HTTP ${answer.status}`);
          latencies.push(performance.now() - started);
          posted++;
        }
      }),
    );
    // The scores go out after the answers: every one sent and marked before the CPU is read.
    if (sendsScores(stage)) while ((await sentSoFar(port)) < posted) await new Promise((r) => setTimeout(r, 20));
    return latencies;
  };
  await run(warmup);
  const serverCpuBefore = cpuSeconds(server);
  const clientCpuBefore = process.cpuUsage();
  const started = performance.now();
  const windowStart = process.hrtime.bigint() / 1000n;
  const latencies = await run(requests);
  const seconds = (performance.now() - started) / 1000;
  // The timed span on the clock V8's --cpu-prof stamps its samples with (CLOCK_MONOTONIC, µs), as bench:http prints its phases'.
  if (process.env.PROFILE_DIR)
    console.log(`profile window (µs) floor ${stage}: ${windowStart} ${process.hrtime.bigint() / 1000n}`);
  const serverMs = ((cpuSeconds(server) - serverCpuBefore) * 1000) / requests;
  const client = process.cpuUsage(clientCpuBefore);
  const rssMb = peakRssMb(server);
  agent.destroy();
  await stopFloorServer(server);
  return {
    stage,
    requests,
    perSecond: requests / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    serverMs,
    clientMs: (client.user + client.system) / 1000 / requests,
    rssMb,
  };
}

/** The launch floor: the same closed loop of launches as bench:http's launch phase, its own students each time. */
export async function measureLaunchFloor({
  lanes,
  launches,
  warmup = 100,
}: {
  lanes: number;
  launches: number;
  warmup?: number;
}): Promise<LaunchFloor> {
  const { server, port } = await startFloorServer('launch');
  const launch = async (i: number) => {
    const launched = await launchOnce(port, `student-${i}`);
    if (!launched.body?.includes('A fixed page.')) throw new Error(`launch floor: student-${i} did not reach the page`);
    return launched.ms;
  };
  await inLanes(warmup, lanes, launch);
  const serverCpuBefore = cpuSeconds(server);
  const clientCpuBefore = process.cpuUsage();
  const started = performance.now();
  const latencies = await inLanes(launches, lanes, (i) => launch(warmup + i));
  const seconds = (performance.now() - started) / 1000;
  const serverMs = ((cpuSeconds(server) - serverCpuBefore) * 1000) / launches;
  const client = process.cpuUsage(clientCpuBefore);
  const rssMb = peakRssMb(server);
  await stopFloorServer(server);
  return {
    launches,
    lanes,
    perSecond: launches / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    serverMs,
    clientMs: (client.user + client.system) / 1000 / launches,
    rssMb,
  };
}

export function submitFloorLine(f: SubmitFloor): string {
  return `${f.stage.padEnd(20)} ${String(Math.round(f.perSecond)).padStart(6)} requests/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms; server CPU ${f.serverMs.toFixed(2)} ms/request, load generator ${f.clientMs.toFixed(2)} ms/request; server peak RSS ${f.rssMb.toFixed(0)} MB`;
}

export function launchFloorLine(f: LaunchFloor): string {
  return `${'launch'.padEnd(20)} ${String(Math.round(f.perSecond)).padStart(6)} launches/s (${f.lanes} at a time), p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms; server CPU (tool + sandbox LMS) ${f.serverMs.toFixed(2)} ms/launch, load generator ${f.clientMs.toFixed(2)} ms/launch; server peak RSS ${f.rssMb.toFixed(0)} MB`;
}
