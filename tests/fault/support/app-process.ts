import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import mongoose, { type Connection } from 'mongoose';
import { startEmbeddedStore } from 'embedded-mongo';
import { createModels, type Models } from '../../../src/store/models/index.ts';
import { readSavedSandbox, type SavedSandbox } from '../../../src/lms-sandbox/saved-sandbox.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/app-process.ts', import.meta.url));

export interface AppProcess {
  child: ChildProcess;
  baseUrl: string;
  /** The app's own store (mongodb://...), for the test to read what was stored. */
  storeUri: string;
  /** Resolves when the process has exited (and its pipes closed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** Every app process started and not yet exited: a failing test must not leave one running. */
const running = new Set<ChildProcess>();

/** Kills (-9) every app process still running; for afterAll / finally blocks. */
export async function killRemainingApps(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** Starts the tool in a child process on `dataDir` and waits until it serves. */
export function spawnApp(dataDir: string, port: number, workerIntervalMs: number): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir, String(port), String(workerIntervalMs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('close', () => running.delete(child));
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const uri = /READY (\S+)/.exec(out)?.[1];
      if (uri) resolve({ child, baseUrl: `http://127.0.0.1:${port}`, storeUri: uri, exited, stderr: () => err });
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`app exited (${code ?? signal}) before it served: ${err}`)),
    );
  });
}

/** The test's own connection to an app's store: the same models, through the same driver. */
export async function storeModels(uri: string): Promise<{ models: Models; conn: Connection }> {
  const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5_000 }).asPromise();
  return { models: createModels(conn), conn };
}

/** The sandbox LMS's gradebook as it keeps it in the data folder (written before each 204: the file and its score log). */
export function savedGradebook(
  dataDir: string,
): Map<string, Map<string, { scoreGiven?: number; received?: number; timestamp: string }>> {
  const saved = readSavedSandbox(join(dataDir, 'sandbox.json'));
  return new Map((saved?.state?.scores ?? []).map((b) => [b.lineItemId, new Map(b.scores.map((s) => [s.userId, s]))]));
}

/** One activity's column of that gradebook (the demo exam's by default). */
export function savedColumn(
  dataDir: string,
  linkId = 'demo-exam',
): Map<string, { scoreGiven?: number; received?: number; timestamp: string }> {
  const saved = JSON.parse(readFileSync(join(dataDir, 'sandbox.json'), 'utf8')) as SavedSandbox;
  const lineItem = saved.state?.links.find((l) => l.id === linkId)?.lineItemId ?? '';
  return savedGradebook(dataDir).get(lineItem) ?? new Map();
}

/**
 * Scores a killed (or stopped) app was sending keep their lease for a minute before another worker
 * may send them: the lease is expired here instead of waiting, in the app's data directory while
 * no app runs on it.
 */
export async function expireLeasesOfStoppedApp(dataDir: string): Promise<void> {
  const paused = await startEmbeddedStore({ dbPath: join(dataDir, 'store') });
  const direct = await MongoClient.connect(`${paused.uri}/exam-variants`);
  try {
    await direct
      .db()
      .collection('grade_sync')
      .updateMany({ status: 'sending' }, { $set: { leaseUntil: new Date(0) } });
  } finally {
    await direct.close();
    await paused.close();
  }
}
