import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory } from '../lib/make-directory.ts';
import type { SavedSandboxState } from './state.ts';

/** The sandbox's file in the data folder: its signing key and everything its state holds. */
export interface SavedSandbox {
  key: { kid: string; privateKey: string; publicKey: string };
  state?: SavedSandboxState;
  /** Files written before the whole state was kept: the registration alone. */
  registration?: SavedSandboxState['registration'];
}

export function sandboxFile(dataDir: string): string {
  return join(dataDir, 'sandbox.json');
}

/** The saved sandbox, or undefined on a first start (or an unreadable file, which is replaced). */
export function readSavedSandbox(file: string): SavedSandbox | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SavedSandbox;
  } catch {
    return undefined;
  }
}

/**
 * Replaces the file whole (temp file, rename): a crash mid-write leaves the previous state, never
 * half a file. Not fsynced: the sandbox is for trying the tool, and a process killed at any point
 * keeps what was written (the page cache survives it); only a power cut could lose the last change.
 */
export function writeSavedSandbox(file: string, dataDir: string, saved: SavedSandbox): void {
  makeDirectory(dataDir);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(saved));
  renameSync(tmp, file);
}
