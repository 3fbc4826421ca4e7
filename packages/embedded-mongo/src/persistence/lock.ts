import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Directories opened by this process: a pid check alone cannot tell two stores in one process apart. */
const heldHere = new Set<string>();

/** Another running process holds the data directory. */
export class DataDirectoryInUseError extends Error {
  override readonly name = 'DataDirectoryInUseError';

  constructor(dir: string, pid: number) {
    super(`the data directory ${dir} is in use by process ${pid}: stop that process, or use another directory`);
  }
}

/** How long a holder that is still alive is waited for: a process killed a moment ago is still exiting. */
const DYING_HOLDER_WAIT_MS = 5_000;
const POLL_MS = 100;

/**
 * One store per data directory: two writers would interleave journals and lose data. The lock file
 * holds the owner's pid and its start time. A lock whose owner is gone is taken over; "gone"
 * includes a killed process not yet reaped by its parent (a zombie writes nothing) and a pid now
 * used by another process (a different start time). An owner that still runs is given a few
 * seconds, since right after `kill -9` it may still be exiting, before the directory is refused.
 *
 * Several processes may find the same dead owner at once (a supervisor and a person restarting
 * the tool together). Each lock file appears whole (written aside, then linked into place), and a
 * dead owner's lock is removed only by the one process holding the takeover guard, after reading
 * again that the lock is still that owner's: otherwise a slower process could remove the lock a
 * faster one had just taken, and both would write the journal.
 */
export async function acquireLock(dir: string, waitMs = DYING_HOLDER_WAIT_MS): Promise<() => void> {
  const path = join(dir, 'LOCK');
  if (heldHere.has(path)) throw new Error(`the data directory ${dir} is already open in this process`);
  const giveUpAt = Date.now() + waitMs;
  while (!createWhole(path)) {
    const holder = readHolder(path);
    if (holder === 'absent') continue;
    if (holder && holder.pid !== process.pid && isRunning(holder)) {
      if (Date.now() >= giveUpAt) throw new DataDirectoryInUseError(dir, holder.pid);
      await sleep(POLL_MS);
      continue;
    }
    if (!removeDeadOwnersLock(path, holder)) await sleep(POLL_MS);
  }
  heldHere.add(path);
  return () => {
    heldHere.delete(path);
    removeIfPresent(path);
  };
}

/** This process's lock line: pid and start time. */
const ownLine = (): string => `${process.pid} ${startTimeOf(process.pid) ?? ''}`.trim();

/**
 * Creates `path` holding this process's line, or returns false if it exists. The line is written
 * to a file of its own and hard-linked into place, so a reader never sees an empty or half-written
 * lock (which it would take for a dead owner's). Where hard links are not supported, an exclusive
 * create is the fallback.
 */
function createWhole(path: string): boolean {
  const aside = `${path}.${process.pid}.${randomUUID()}`;
  writeFileSync(aside, ownLine(), { flag: 'wx' });
  try {
    linkSync(aside, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // Anything else but "no hard links here" (read-only file system, no permission, disk full) is the real cause.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    return createExclusive(path);
  } finally {
    removeIfPresent(aside);
  }
}

function createExclusive(path: string): boolean {
  try {
    writeFileSync(path, ownLine(), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Removes a dead owner's lock if this process gets the takeover guard and the lock still holds
 * that owner; false when another process is taking over (try again shortly). A guard left by a
 * process that died in those few microseconds is removed the same way as a lock.
 */
export function removeDeadOwnersLock(path: string, dead: Holder | undefined): boolean {
  const guard = `${path}.takeover`;
  if (!createWhole(guard)) {
    const guardHolder = readHolder(guard);
    if (guardHolder !== 'absent' && !(guardHolder && isRunning(guardHolder))) removeIfPresent(guard);
    return false;
  }
  try {
    const now = readHolder(path);
    if (now !== 'absent' && sameHolder(now, dead)) removeIfPresent(path);
  } finally {
    removeIfPresent(guard);
  }
  return true;
}

export interface Holder {
  pid: number;
  startTime: string | undefined;
}

const sameHolder = (a: Holder | undefined, b: Holder | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.pid === b.pid && a.startTime === b.startTime;

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** The lock's owner; undefined for a file that names none (left by an older version's crash); 'absent' if there is no file. */
function readHolder(path: string): Holder | undefined | 'absent' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  const [pid, startTime] = text.trim().split(/\s+/);
  const n = Number(pid);
  return Number.isInteger(n) && n > 0 ? { pid: n, startTime } : undefined;
}

/** Linux: field 22 of /proc/<pid>/stat, the process's start time since boot; undefined elsewhere. */
function startTimeOf(pid: number): string | undefined {
  return procStat(pid)?.startTime;
}

/** State and start time from /proc/<pid>/stat; null if there is no such process; undefined without /proc. */
function procStat(pid: number): { state: string; startTime: string } | null | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return existsProc() ? null : undefined;
    return undefined;
  }
  // The command name (field 2) is in parentheses and may contain spaces: read after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', startTime: fields[19] ?? '' };
}

function existsProc(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}

function isRunning(holder: Holder): boolean {
  const stat = procStat(holder.pid);
  if (stat === null) return false;
  if (stat) {
    // Z: killed, waiting for its parent to reap it; X: dead. Neither can write.
    if (stat.state === 'Z' || stat.state === 'X') return false;
    return holder.startTime === undefined || holder.startTime === stat.startTime;
  }
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
