import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
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
 */
export async function acquireLock(dir: string, waitMs = DYING_HOLDER_WAIT_MS): Promise<() => void> {
  const path = join(dir, 'LOCK');
  if (heldHere.has(path)) throw new Error(`the data directory ${dir} is already open in this process`);
  const giveUpAt = Date.now() + waitMs;
  for (;;) {
    try {
      writeFileSync(path, `${process.pid} ${startTimeOf(process.pid) ?? ''}`.trim(), { flag: 'wx' });
      break;
    } catch (error) {
      // Anything but "exists" (read-only file system, no permission, disk full) is the real cause.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    if (holder && holder.pid !== process.pid && isRunning(holder)) {
      if (Date.now() >= giveUpAt) throw new DataDirectoryInUseError(dir, holder.pid);
      await sleep(POLL_MS);
      continue;
    }
    // The owner is gone: remove its lock and create ours with "wx" again, so that of two processes
    // taking over at once only one succeeds.
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  heldHere.add(path);
  return () => {
    heldHere.delete(path);
    try {
      unlinkSync(path);
    } catch {
      // Already gone: nothing to release.
    }
  };
}

function readHolder(path: string): { pid: number; startTime: string | undefined } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
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

function isRunning(holder: { pid: number; startTime: string | undefined }): boolean {
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
