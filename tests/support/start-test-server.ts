import { randomInt } from 'node:crypto';
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

/**
 * A port nothing listens on now, for a server that must know its port before it listens (its base
 * URL). Drawn below Linux's ephemeral range (32768-60999): a port from the system's own pick (port
 * 0) could be taken, between this probe and the server's listen, as the local port of any outgoing
 * connection (a driver connecting to its store), which failed a test with EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 100; tries++) {
    const port = randomInt(20_000, 32_000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free port found between 20000 and 32000');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

const isAddressInUse = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'EADDRINUSE';

/** The whole tool with the sandbox LMS on loopback, an in-memory store and a fast grade-sync worker. */
export async function startTestServer(
  options: { host?: string; env?: (port: number) => Record<string, string>; sweepIntervalMs?: number } = {},
): Promise<RunningServer & { baseUrl: string; cleanup(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ev-app-'));
  // Another test file running beside this one may take the port between the probe and the listen.
  for (let tries = 1; ; tries++) {
    const port = await freePort();
    const baseUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;
    const config = testAppConfig(port, baseUrl, dataDir, options.env?.(port));
    try {
      const running = await startServer({
        config,
        memoryStore: true,
        log: process.env.TEST_LOG ? (l) => console.log(l) : () => undefined,
        workerIntervalMs: 3_600_000,
        sweepIntervalMs: options.sweepIntervalMs ?? 3_600_000,
      });
      return withCleanup(running, baseUrl, dataDir);
    } catch (error) {
      if (!isAddressInUse(error) || tries >= 5) throw error;
    }
  }
}

function withCleanup(running: RunningServer, baseUrl: string, dataDir: string) {
  return {
    ...running,
    baseUrl,
    async cleanup() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
