import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendSavedScore, readSavedSandbox, sandboxFile, scoresLogOf, writeSavedSandbox } from './saved-sandbox.ts';
import { SandboxState } from './state.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const key = { kid: 'k1', privateKey: 'private', publicKey: 'public' };
const post = (userId: string, scoreGiven: number, minute: number) => ({
  userId,
  scoreGiven,
  scoreMaximum: 20,
  activityProgress: 'Completed',
  gradingProgress: 'FullyGraded',
  timestamp: `2026-12-06T10:0${minute}:00.000Z`,
});

describe("the sandbox LMS's saved gradebook", () => {
  it('keeps each score post in its log until the file is written whole, and reads back the same gradebook either way', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ev-sandbox-'));
    dirs.push(dataDir);
    const file = sandboxFile(dataDir);
    const state = new SandboxState();
    const lineItem = state.links.get('demo-exam')?.lineItemId ?? '';
    writeSavedSandbox(file, dataDir, { key, state: state.toSaved() });
    // Three posts as the AGS route keeps them: each the record it made, with its count.
    appendSavedScore(file, lineItem, state.recordScore(lineItem, post('alice', 10, 1)));
    appendSavedScore(file, lineItem, state.recordScore(lineItem, post('bob', 15, 2)));
    appendSavedScore(file, lineItem, state.recordScore(lineItem, post('alice', 20, 3)));
    // A crash while a fourth was appended: half a line, never answered.
    appendFileSync(scoresLogOf(file), '{"lineItemId":"li-x","sco');

    const fromLog = new SandboxState(readSavedSandbox(file)?.state);
    expect(fromLog.scores.get(lineItem)?.get('alice')).toMatchObject({ scoreGiven: 20, received: 2 });
    expect(fromLog.scores.get(lineItem)?.get('bob')).toMatchObject({ scoreGiven: 15, received: 1 });

    // Written whole (the next token, a restart): the log is emptied and the file holds it all.
    writeSavedSandbox(file, dataDir, { key, state: fromLog.toSaved() });
    expect(readFileSync(scoresLogOf(file), 'utf8')).toBe('');
    expect(new SandboxState(readSavedSandbox(file)?.state).scores).toEqual(fromLog.scores);
  });

  it('reads a log that the whole file already holds (a crash between writing the file and emptying the log) without counting a post twice', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ev-sandbox-'));
    dirs.push(dataDir);
    const file = sandboxFile(dataDir);
    const state = new SandboxState();
    const lineItem = state.links.get('demo-exam')?.lineItemId ?? '';
    writeSavedSandbox(file, dataDir, { key, state: state.toSaved() });
    appendSavedScore(file, lineItem, state.recordScore(lineItem, post('alice', 10, 1)));
    appendSavedScore(file, lineItem, state.recordScore(lineItem, post('alice', 20, 2)));
    const log = readFileSync(scoresLogOf(file), 'utf8');
    writeSavedSandbox(file, dataDir, { key, state: state.toSaved() });
    appendFileSync(scoresLogOf(file), log);
    expect(new SandboxState(readSavedSandbox(file)?.state).scores.get(lineItem)?.get('alice')).toMatchObject({
      scoreGiven: 20,
      received: 2,
    });
  });
});
