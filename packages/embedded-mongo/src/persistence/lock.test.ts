import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock, removeDeadOwnersLock } from './lock.ts';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ev-lock-unit-'));
  dirs.push(d);
  return d;
};

/** A live process other than this one, and the lock line it would write (pid and start time). */
function liveProcessLine(): string {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  const pid = child.pid as number;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return `${pid} ${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`;
}

const DEAD = { pid: 999_999, startTime: '1' };

describe('the data directory lock', () => {
  it('is not removed by a process that read a dead owner before another process took the directory over', () => {
    const dir = tempDir();
    const lock = join(dir, 'LOCK');
    // A slower process read "999999 1" (dead); meanwhile a faster one replaced it with its own lock.
    const taken = liveProcessLine();
    writeFileSync(lock, taken);
    expect(removeDeadOwnersLock(lock, DEAD)).toBe(true);
    expect(readFileSync(lock, 'utf8')).toBe(taken);
  });

  it('removes the dead owner it read, and leaves no takeover guard behind', () => {
    const dir = tempDir();
    const lock = join(dir, 'LOCK');
    writeFileSync(lock, `${DEAD.pid} ${DEAD.startTime}`);
    expect(removeDeadOwnersLock(lock, DEAD)).toBe(true);
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(`${lock}.takeover`)).toBe(false);
  });

  it('waits while another live process is taking over, and clears a guard whose process died', () => {
    const dir = tempDir();
    const lock = join(dir, 'LOCK');
    writeFileSync(lock, `${DEAD.pid} ${DEAD.startTime}`);
    writeFileSync(`${lock}.takeover`, liveProcessLine());
    expect(removeDeadOwnersLock(lock, DEAD)).toBe(false);
    expect(existsSync(lock)).toBe(true);
    writeFileSync(`${lock}.takeover`, '999998 1');
    expect(removeDeadOwnersLock(lock, DEAD)).toBe(false);
    expect(existsSync(`${lock}.takeover`)).toBe(false);
    expect(removeDeadOwnersLock(lock, DEAD)).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a dead owner, writes its own pid, and refuses a live one by name', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'LOCK'), '');
    const release = await acquireLock(dir, 0);
    expect(readFileSync(join(dir, 'LOCK'), 'utf8').split(' ')[0]).toBe(String(process.pid));
    release();
    const live = liveProcessLine();
    writeFileSync(join(dir, 'LOCK'), live);
    await expect(acquireLock(dir, 0)).rejects.toThrow(`in use by process ${live.split(' ')[0]}`);
  });
});
