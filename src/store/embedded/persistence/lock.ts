import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Directories opened by this process: a pid check alone cannot tell two stores in one process apart. */
const heldHere = new Set<string>();

/**
 * One store per data directory: two writers would interleave journals and lose data. The lock file
 * holds the owner's pid; a lock left by a dead process (SIGKILL, power cut) is taken over.
 */
export function acquireLock(dir: string): () => void {
  const path = join(dir, 'LOCK');
  if (heldHere.has(path)) throw new Error(`the data directory ${dir} is already open in this process`);
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new Error(`the data directory ${dir} is in use by process ${holder}`);
    }
    writeFileSync(path, String(process.pid));
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
