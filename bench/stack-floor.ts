// npm run bench:floor: what the stack alone does on this machine, with none of our code in the
// request: the same load as bench:http (CONCURRENCY students in a closed loop on kept-alive
// connections, the load generator on the same cores) against servers that do less and less of
// what a submission needs. It tells how far any submit route built on it could go here.
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
//
//   launch            a student's launch instead of a submission: the sandbox LMS's click, the
//                     OIDC login and launch through ltijs (state, id_token, session, ltik) on the
//                     durable embedded store, answered with a fixed small page (launch-floor-server.ts).
//                     LAUNCH_CONCURRENCY=20 launches in a closed loop, LAUNCHES=600 (after 100 warm-up).
//
//   STAGES=express,express+find   only those; CONCURRENCY=200; REQUESTS=8000 (after as many warm-up).
import { spawn } from 'node:child_process';
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { cpuSeconds, peakRssMb, postForm } from './load-client.ts';
import { serveLaunchFloor } from './launch-floor-server.ts';
import { inLanes, launchOnce, percentile } from './launch-load.ts';

const STAGES = ['node', 'express', 'express+find', 'express+find+insert', '+outbox+score', '+ags', 'launch'] as const;
type Stage = (typeof STAGES)[number];
const USERS = 2_000;
/** Set on SIGTERM: writes still in flight then may fail with the closing connection, as expected. */
let stopping = false;

if (process.argv[2] === 'serve') await serve(process.argv[3] as Stage);
else await drive();

/** Listens on a port the system picks and tells it on stdout: runs never collide with another server. */
function announce(server: Server): void {
  server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
}

async function serve(stage: Stage): Promise<void> {
  if (stage === 'launch') return serveLaunchFloor((port) => console.log(`listening ${port}`));
  if (stage === 'node') {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString());
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ stored: true, key: form.get('idempotencyKey') }));
      });
    });
    announce(server);
    return;
  }
  const app = express();
  app.use(helmet());
  app.use(cookieParser());
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  const writes = stage === 'express+find' ? 0 : stage === 'express+find+insert' ? 1 : 3;
  const storage = stage === 'express' ? undefined : await openStorage(writes);
  const server = createServer(app);
  const sendScore =
    stage === '+ags' && storage
      ? scoreSender(app, () => (server.address() as AddressInfo).port, storage.markSent)
      : undefined;
  let next = 0;
  app.post('/submit', async (req, res) => {
    const userId = `student-${next++ % USERS}`;
    const attempts = storage ? await storage.find(userId) : [];
    await storage?.store({
      userId,
      idempotencyKey: String((req.body as Record<string, string>).idempotencyKey),
      form: req.body as Record<string, string>,
      submittedAt: new Date(),
    });
    res.json({ stored: true, attempts: attempts.length });
    sendScore?.(userId);
  });
  announce(server);
}

/** The LMS's score endpoint on the same app, and a sender to it that marks each score sent. */
function scoreSender(app: Express, port: () => number, markSent: (userId: string) => Promise<void>) {
  app.post('/lms/scores', express.json({ type: () => true }), (req, res) => {
    res.status(200).json({ received: (req.body as { userId?: string }).userId });
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  return (userId: string) => {
    const body = JSON.stringify({
      userId,
      scoreGiven: 4,
      scoreMaximum: 5,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: new Date().toISOString(),
    });
    const req = request(
      {
        host: '127.0.0.1',
        port: port(),
        path: '/lms/scores',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/vnd.ims.lis.v1.score+json',
          'content-length': Buffer.byteLength(body),
          authorization: 'Bearer token',
        },
      },
      (res) => {
        res.on('data', () => undefined);
        // The catch reports a failure (unless the bench is stopping), so nothing is left unhandled.
        res.on('end', () => void markSent(userId).catch((error: unknown) => stopping || console.error(error)));
      },
    );
    req.on('error', (error) => console.error(error));
    req.end(body);
  };
}

async function openStorage(writes: number) {
  const { default: mongoose } = await import('mongoose');
  const { startEmbeddedStoreThread } = await import('embedded-mongo');
  const { WriteBatcher } = await import('../src/store/repositories/write-batcher.ts');
  const dbPath = mkdtempSync(join(tmpdir(), 'ev-bench-floor-'));
  const store = await startEmbeddedStoreThread({
    dbPath,
    logger: () => undefined,
    onCrash: (reason) => {
      console.error(reason);
      process.exit(1);
    },
  });
  const connection = await mongoose.createConnection(`${store.uri}/floor`).asPromise();
  // The driver's connection goes first: closing the store under it turned the last in-flight
  // "sent" marks into an uncaught MongoNetworkError at the end of every run.
  process.once('SIGTERM', () => {
    stopping = true;
    void connection
      .close()
      .then(() => store.close())
      .then(() => {
        rmSync(dbPath, { recursive: true, force: true });
        process.exit(0);
      });
  });
  const Attempt = connection.model(
    'Attempt',
    new mongoose.Schema({
      userId: { type: String, index: true },
      attemptNumber: Number,
      problems: [{ templateId: String, seed: String }],
    }),
  );
  await Attempt.init();
  await Attempt.collection.insertMany(
    Array.from({ length: USERS }, (_, i) => ({
      userId: `student-${i}`,
      attemptNumber: 1,
      problems: [0, 1, 2, 3].map((k) => ({ templateId: `t${k}`, seed: `seed-${i}-${k}` })),
    })),
  );
  const collection = (name: string) => connection.collection(name);
  const batched = <T>(write: (items: T[]) => Promise<unknown>) =>
    new WriteBatcher<T, void>(async (items) => {
      await write(items);
      return items.map(() => ({ ok: true as const, value: undefined }));
    });
  type Doc = Record<string, unknown> & { userId: string };
  const submissions = batched<Doc>((docs) => collection('submissions').insertMany(docs, { ordered: false }));
  const outbox = batched<Doc>((docs) =>
    collection('grade_sync').bulkWrite(
      docs.map((d) => ({
        updateOne: {
          filter: { userId: d.userId },
          update: { $set: { scoreGiven: 4, status: 'queued', due: new Date() } },
          upsert: true,
        },
      })),
      { ordered: false },
    ),
  );
  const scores = batched<Doc>((docs) =>
    Attempt.collection.bulkWrite(
      docs.map((d) => ({
        updateOne: { filter: { userId: d.userId }, update: { $set: { status: 'submitted', lastScore: 0.8 } } },
      })),
      { ordered: false },
    ),
  );
  const sent = batched<string>((userIds) =>
    collection('grade_sync').updateMany({ userId: { $in: userIds } }, { $set: { status: 'sent' } }),
  );
  return {
    find: (userId: string) => Attempt.find({ userId }).lean().exec(),
    store: async (doc: Doc) => {
      if (writes === 1) await submissions.write(doc);
      if (writes === 3) await Promise.all([submissions.write(doc), outbox.write(doc), scores.write(doc)]);
    },
    markSent: (userId: string) => sent.write(userId),
  };
}

async function drive(): Promise<void> {
  const concurrency = Number(process.env.CONCURRENCY ?? 200);
  const requests = Number(process.env.REQUESTS ?? 8_000);
  const stages = (process.env.STAGES?.split(',') ?? STAGES) as Stage[];
  const script = fileURLToPath(import.meta.url);
  // As bench:http's: the learner session is a signed token of about this length.
  const form = {
    session: 'x'.repeat(420),
    action: 'submit',
    idempotencyKey: '3f0c9a52-6d1e-4b8a-9e51-0c7f2b9d4e11',
    'answer:0:jacobian': '[[1, -1], [1, 1]]',
    'answer:1:dLdtheta': '32',
    'answer:2:a2c': '2',
    'answer:3:alphaStar': '1/6',
    'answer:3:converge': '(0, 1/3)',
  };
  console.log(
    `${concurrency} concurrent clients, closed loop, kept-alive connections, ${requests} timed requests after ${requests} warm-up`,
  );
  for (const stage of stages) {
    const server = spawn(process.execPath, ['--import', 'tsx', script, 'serve', stage], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.stdout?.on('data', (chunk: Buffer) => {
        const announced = /listening (\d+)/.exec(chunk.toString())?.[1];
        if (announced) resolve(Number(announced));
      });
      server.once('exit', () => reject(new Error(`${stage} server exited`)));
    });
    if (stage === 'launch') {
      await measureLaunches(server, port);
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      continue;
    }
    const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
    const post = async () => {
      const answer = await postForm(agent, port, '/submit', form, 'application/json');
      if (answer.status !== 200) throw new Error(`${stage}: HTTP ${answer.status}`);
    };
    const run = async (count: number) => {
      const latencies: number[] = [];
      let sent = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (sent++ < count) {
            const started = performance.now();
            await post();
            latencies.push(performance.now() - started);
          }
        }),
      );
      return latencies.sort((a, b) => a - b);
    };
    await run(requests);
    const serverCpuBefore = cpuSeconds(server);
    const clientCpuBefore = process.cpuUsage();
    const started = performance.now();
    const latencies = await run(requests);
    const seconds = (performance.now() - started) / 1000;
    const serverMs = ((cpuSeconds(server) - serverCpuBefore) * 1000) / requests;
    const client = process.cpuUsage(clientCpuBefore);
    const pct = (p: number) =>
      (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(1);
    const rss = peakRssMb(server);
    console.log(
      `${stage.padEnd(20)} ${String(Math.round(requests / seconds)).padStart(6)} requests/s, p50 ${pct(50)} ms, p99 ${pct(99)} ms; server CPU ${serverMs.toFixed(2)} ms/request, load generator ${((client.user + client.system) / 1000 / requests).toFixed(2)} ms/request; server peak RSS ${rss.toFixed(0)} MB`,
    );
    agent.destroy();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

/** The launch floor: the same closed loop of launches as bench:http's launch phase, its own students each time. */
async function measureLaunches(server: ReturnType<typeof spawn>, port: number): Promise<void> {
  const lanes = Number(process.env.LAUNCH_CONCURRENCY ?? 20);
  const count = Number(process.env.LAUNCHES ?? 600);
  const warmup = 100;
  const launch = async (i: number) => {
    const launched = await launchOnce(port, `student-${i}`);
    if (!launched.body?.includes('A fixed page.')) throw new Error(`launch floor: student-${i} did not reach the page`);
    return launched.ms;
  };
  await inLanes(warmup, lanes, launch);
  const serverCpuBefore = cpuSeconds(server);
  const clientCpuBefore = process.cpuUsage();
  const started = performance.now();
  const latencies = await inLanes(count, lanes, (i) => launch(warmup + i));
  const seconds = (performance.now() - started) / 1000;
  const serverMs = ((cpuSeconds(server) - serverCpuBefore) * 1000) / count;
  const client = process.cpuUsage(clientCpuBefore);
  console.log(
    `${'launch'.padEnd(20)} ${String(Math.round(count / seconds)).padStart(6)} launches/s (${lanes} at a time), p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; server CPU (tool + sandbox LMS) ${serverMs.toFixed(2)} ms/launch, load generator ${((client.user + client.system) / 1000 / count).toFixed(2)} ms/launch; server peak RSS ${peakRssMb(server).toFixed(0)} MB`,
  );
}
