import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/lock-contender.ts', import.meta.url));
const CONTENDERS = 4;
const ROUNDS = 6;
const SPACING_MS = 1_000;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function contender(firstStart: number, roundDirs: string[]): Promise<string[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', FIXTURE, String(firstStart), String(SPACING_MS), ...roundDirs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(out.trim().split('\n')) : reject(new Error(`contender exited with ${code}: ${err}`)),
    ),
  );
}

describe('the data directory lock, raced for by several processes', () => {
  it('is held by one process at a time when several restart at once after its holder died', async () => {
    const roundDirs = Array.from({ length: ROUNDS }, () => {
      const d = mkdtempSync(join(tmpdir(), 'ev-lock-race-'));
      dirs.push(d);
      // Left by a store killed with -9: a pid that no longer runs.
      writeFileSync(join(d, 'LOCK'), '999999 1');
      return d;
    });
    // Every contender is started (Node and tsx load) before the first round begins.
    const firstStart = Date.now() + 3_000;
    const lines = (
      await Promise.all(Array.from({ length: CONTENDERS }, () => contender(firstStart, roundDirs)))
    ).flat();
    for (let round = 0; round < ROUNDS; round++) {
      const held = lines
        .filter((l) => l.startsWith(`HELD ${round} `))
        .map((l) => l.split(' ').slice(2).map(Number) as [number, number]);
      expect(held.length, `round ${round}: someone takes the directory`).toBeGreaterThanOrEqual(1);
      const overlapping = held.filter(([from, until]) =>
        held.some(([f, u]) => (f !== from || u !== until) && f < until && from < u),
      );
      expect(overlapping, `round ${round}: two processes held the lock at the same time`).toEqual([]);
    }
  }, 60_000);
});
