import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/exam-variants.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ev-store-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startStore(): Promise<{ uri: string; stop: () => Promise<{ code: number | null; output: string }> }> {
  const child = spawn(process.execPath, [BIN, 'store', '--port', '0', '--dbpath', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const uri = /(mongodb:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (uri) {
        resolve({
          uri,
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => done({ code, output }));
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', () => reject(new Error(`store exited early: ${output}`)));
  });
}

describe('exam-variants store (the embedded store on its own)', () => {
  it('serves other processes over the wire and stops cleanly on SIGTERM with everything flushed', async () => {
    const first = await startStore();
    const client = await MongoClient.connect(`${first.uri}/other`);
    await client
      .db()
      .collection('notes')
      .insertMany([{ n: 1 }, { n: 2 }]);
    await client.close();
    const stopped = await first.stop();
    expect(stopped.code).toBe(0);
    expect(stopped.output).toContain('everything flushed');
    const second = await startStore();
    const again = await MongoClient.connect(`${second.uri}/other`);
    expect(await again.db().collection('notes').countDocuments()).toBe(2);
    await again.close();
    await second.stop();
  }, 60_000);

  it('explains bad flags with exit code 2', async () => {
    const child = spawn(process.execPath, [BIN, 'store', '--port', 'x'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--port: must be a whole number/);
  });
});
