import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../../src/server.ts';
import { freePort, testAppConfig } from '../../support/start-test-server.ts';

const BIN = fileURLToPath(new URL('../../../bin/exam-variants.js', import.meta.url));

export interface StoreProcess {
  child: ChildProcess;
  /** Resolves when the process has exited (and its pipes closed). */
  exited: Promise<unknown>;
}

/** `exam-variants store` as an operator runs it beside the app; resolves once it listens. */
export function storeProcess(port: number, dbPath: string): Promise<StoreProcess> {
  const child = spawn(process.execPath, [BIN, 'store', '--port', String(port), '--dbpath', dbPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('close', resolve));
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('listening at')) resolve({ child, exited });
    });
    void exited.then(() => reject(new Error(`store exited before it listened: ${err}`)));
  });
}

/**
 * The app as production runs it beside mongod: its store an `exam-variants store` process reached by
 * MONGODB_URI, both on new temporary directories (added to `dirs` for the caller to remove). The
 * grade-sync worker is left to the test (it drains when it chooses).
 */
export async function appOnStoreProcess(name: string, dirs: string[]) {
  const dbPath = mkdtempSync(join(tmpdir(), `ev-${name}-store-`));
  const dataDir = mkdtempSync(join(tmpdir(), `ev-${name}-app-`));
  dirs.push(dbPath, dataDir);
  const storePort = await freePort();
  const store = await storeProcess(storePort, dbPath);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = testAppConfig(port, baseUrl, dataDir, {
    MONGODB_URI: `mongodb://127.0.0.1:${storePort}/exam-variants`,
  });
  const app = await startServer({ config, log: () => undefined, workerIntervalMs: 3_600_000 });
  return { app, baseUrl, store, storePort, dbPath };
}
