import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The address of the embedded store a running tool serves, written beside its lock: the data
 * directory has one writer (the lock), so a command run while the tool runs (`platform add`)
 * talks to the store through that writer, as any MongoDB client would, instead of opening the
 * files itself.
 */
const FILE = 'STORE_URI';

export function recordRunningStore(dbPath: string, uri: string): void {
  writeFileSync(join(dbPath, FILE), `${uri}\n`);
}

export function forgetRunningStore(dbPath: string): void {
  try {
    unlinkSync(join(dbPath, FILE));
  } catch {
    // Not there (never written, or removed by hand): nothing to forget.
  }
}

/** The recorded URI, if any; it may be stale (a killed tool), so the caller connects with a short timeout. */
export function readRunningStore(dbPath: string): string | undefined {
  try {
    const uri = readFileSync(join(dbPath, FILE), 'utf8').trim();
    return uri.startsWith('mongodb://127.0.0.1:') ? uri : undefined;
  } catch {
    return undefined;
  }
}
