import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { smallDiskUnavailable } from './support/tmpfs.ts';

const BIN = fileURLToPath(new URL('../../bin/exam-variants.js', import.meta.url));
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ev-startup-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The CLI as a user runs it, with `env` added (vitest puts a BASE_URL of its own in the environment). */
function run(args: string[], env: Record<string, string>): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, BASE_URL: '', MONGODB_URI: '', NODE_ENV: 'development', SANDBOX: 'off', ...env },
  });
  return { status: r.status, stderr: r.stderr };
}

/** What a user-caused start-up failure must look like: exit 1, one line, no stack trace. */
function expectOneLine(result: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.status).toBe(1);
}

const cannotMount = smallDiskUnavailable();

describe('start-up failures a user can cause: one line naming the cause and the fix, exit 1', () => {
  it.skipIf(cannotMount !== undefined)(
    `a read-only DATA_DIR is reported as read-only (EROFS), not ENOENT${cannotMount ? ` (skipped: ${cannotMount})` : ''}`,
    () => {
      const dir = tempDir();
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir]).status).toBe(0);
      try {
        const result = run(['serve'], { DATA_DIR: dir, PORT: '0' });
        expectOneLine(result, /read-only file system.*set DATA_DIR to a writable folder/);
        expect(result.stderr).not.toContain('ENOENT');
      } finally {
        spawnSync('umount', [dir]);
      }
    },
  );

  it('a port in use names the port and says how to pick another', async () => {
    const blocker: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      expectOneLine(
        run(['serve'], { DATA_DIR: tempDir(), PORT: String(port), HOST: '127.0.0.1' }),
        new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*set PORT`),
      );
    } finally {
      blocker.close();
    }
  });

  it('a Chromium that does not start, for exam --pdf, is named with the way out', () => {
    const broken = join(tempDir(), 'chromium');
    writeFileSync(broken, '#!/bin/sh\necho "error while loading shared libraries: libnss3.so" >&2\nexit 127\n');
    chmodSync(broken, 0o755);
    const result = run(
      ['exam', '--seed', 'broken-browser', '--variants', '1', '--problems', 'gd', '--pdf', '--out', tempDir()],
      { CHROMIUM_PATH: broken },
    );
    expectOneLine(result, new RegExp(`Chromium at ${broken} did not start.*run without --pdf`));
  });
});
