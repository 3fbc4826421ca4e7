import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';

/** The configuration every test app starts with: loopback, test secrets, its own data directory. */
export function testAppConfig(
  port: number,
  baseUrl: string,
  dataDir: string,
  extra: Record<string, string> = {},
): ReturnType<typeof loadConfig> {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: baseUrl,
    DATA_DIR: dataDir,
    LTI_KEY: 'test-lti-key-0123456789',
    SEED_SECRET: 'test-seed-secret-0123456789',
    ...extra,
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** The whole tool with the sandbox LMS on loopback, an in-memory store and a fast grade-sync worker. */
export async function startTestServer(
  options: { host?: string; env?: (port: number) => Record<string, string>; sweepIntervalMs?: number } = {},
): Promise<RunningServer & { baseUrl: string; cleanup(): Promise<void> }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ev-app-'));
  const baseUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const config = testAppConfig(port, baseUrl, dataDir, options.env?.(port));
  const running = await startServer({
    config,
    memoryStore: true,
    log: process.env.TEST_LOG ? (l) => console.log(l) : () => undefined,
    workerIntervalMs: 3_600_000,
    sweepIntervalMs: options.sweepIntervalMs ?? 3_600_000,
  });
  return {
    ...running,
    baseUrl,
    async cleanup() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
