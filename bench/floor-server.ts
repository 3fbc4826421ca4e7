// The floor's servers (bench:floor, and bench:http before its own phases): each stage is a server
// that does part of what a submission needs with none of this project's code in the request, run
// in its own process as `node --import tsx bench/floor-server.ts <stage>`; it prints
// "listening <port>". floor.ts drives them and says what each stage does.
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { gradedParts, queuedScore } from './graded-parts.ts';
import { serveLaunchFloor } from './launch-floor-server.ts';

import { FLOOR_USERS as USERS, sendsScores, type FloorStage as Stage } from './floor.ts';

/** Set on SIGTERM: writes still in flight then may fail with the closing connection, as expected. */
let stopping = false;

await serve(process.argv[2] as Stage);

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
    sendsScores(stage) && storage
      ? scoreSender(app, () => (server.address() as AddressInfo).port, storage.markSent)
      : undefined;
  // How many scores were sent and marked sent: the driver waits for all of them before it reads
  // the CPU, so the figure holds each submission's whole work, as bench:http's does.
  app.get('/sent', (_req, res) => {
    res.json({ sent: sendScore?.sent() ?? 0 });
  });
  let next = 0;
  const parts = stage === '+ags+parts' ? gradedParts() : undefined;
  app.post('/submit', async (req, res) => {
    const userId = `student-${next++ % USERS}`;
    const attempts = storage ? await storage.find(userId) : [];
    const idempotencyKey = String((req.body as Record<string, string>).idempotencyKey);
    const submittedAt = new Date();
    await storage?.store(
      parts
        ? { userId, idempotencyKey, parts, gradeSync: queuedScore(userId), submittedAt }
        : { userId, idempotencyKey, form: req.body as Record<string, string>, submittedAt },
    );
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
  let sent = 0;
  const send = (userId: string) => {
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
        res.on('end', () => {
          markSent(userId).then(
            () => void sent++,
            (error: unknown) => stopping || console.error(error),
          );
        });
      },
    );
    req.on('error', (error) => console.error(error));
    req.end(body);
  };
  return Object.assign(send, { sent: () => sent });
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
  // The outbox is written and marked by user here, as the app's is by submission: indexed, as there.
  await connection.collection('grade_sync').createIndex({ userId: 1 }, { unique: true });
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
