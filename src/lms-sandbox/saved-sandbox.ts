import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory } from '../lib/make-directory.ts';
import type { SandboxScore, SavedSandboxState } from './state.ts';

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

/**
 * The gradebook's changes since the file was last written whole: one line per score post, the
 * user's record as it became (its `received` count included). Rewriting the whole state for every
 * score made each post cost in proportion to the gradebook (a class of 1,000 wrote 500 kB per
 * score); a line is written in one small append. Replaying a line sets the record it holds, so
 * reading the same line twice changes nothing.
 */
export function scoresLogOf(file: string): string {
  return file.replace(/\.json$/, '') + '-scores.jsonl';
}

interface LoggedScore {
  lineItemId: string;
  score: SandboxScore;
}

/** The saved sandbox with its score log applied, or undefined on a first start (or an unreadable file, which is replaced). */
export function readSavedSandbox(file: string): SavedSandbox | undefined {
  let saved: SavedSandbox;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as SavedSandbox;
  } catch {
    return undefined;
  }
  const logged = readScoresLog(scoresLogOf(file));
  if (logged.length === 0 || !saved.state) return saved;
  const books = new Map(saved.state.scores.map((b) => [b.lineItemId, new Map(b.scores.map((s) => [s.userId, s]))]));
  for (const { lineItemId, score } of logged) {
    const book = books.get(lineItemId) ?? new Map<string, SandboxScore>();
    book.set(score.userId, score);
    books.set(lineItemId, book);
  }
  const scores = [...books].map(([lineItemId, book]) => ({ lineItemId, scores: [...book.values()] }));
  return { ...saved, state: { ...saved.state, scores } };
}

function readScoresLog(log: string): LoggedScore[] {
  let text: string;
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return [];
  }
  const lines: LoggedScore[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      lines.push(JSON.parse(line) as LoggedScore);
    } catch {
      // Only a line cut short by a crash while it was appended; its post was never answered.
    }
  }
  return lines;
}

/** Keeps one score post before it is answered (see scoresLogOf). */
export function appendSavedScore(file: string, lineItemId: string, score: SandboxScore): void {
  appendFileSync(scoresLogOf(file), `${JSON.stringify({ lineItemId, score } satisfies LoggedScore)}\n`);
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
  // The whole gradebook is in the file now. A crash before this line leaves log lines the file
  // already holds: replayed, they set the same records again.
  writeFileSync(scoresLogOf(file), '');
}
