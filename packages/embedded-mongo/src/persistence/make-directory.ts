import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * mkdir -p that reports the real reason. Node's recursive mkdir answers ENOENT when a parent is on
 * a read-only file system or not writable, which sent operators looking for a missing folder: the
 * missing levels are then created one by one, so the error is EROFS or EACCES as it should be.
 */
export function makeDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const missing: string[] = [];
    for (let at = resolve(dir); !existsSync(at) && dirname(at) !== at; at = dirname(at)) missing.unshift(at);
    // A level that cannot be made throws its own reason (EROFS, EACCES); if every one could, the
    // first ENOENT was a parent changing under us and the folder is there now.
    for (const level of missing) mkdirSync(level);
  }
}
