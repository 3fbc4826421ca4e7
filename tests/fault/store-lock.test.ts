import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore } from 'embedded-mongo';

const BIN = fileURLToPath(new URL('../../bin/exam-variants.js', import.meta.url));
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ev-lock-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs `exam-variants store` on `dir` until it prints its URI; returns the child. */
function storeProcess(dir: string): Promise<ReturnType<typeof spawn>> {
  const child = spawn(process.execPath, [BIN, 'store', '--port', '0', '--dbpath', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening at')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`store exited with ${code} before it listened: ${output}`)));
  });
}

describe('the data directory lock after kill -9', () => {
  it('takes over a lock whose holder was killed and is not reaped yet (a zombie)', async () => {
    const dir = tempDir();
    // `sleep` never waits for children: the background one, once killed, stays a zombie until its
    // parent exits, with its pid in the LOCK as a store killed by -9 leaves it.
    const parent = spawn('sh', ['-c', 'sleep 60 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = Number(
      await new Promise<string>((resolve) => parent.stdout?.once('data', (c: Buffer) => resolve(c.toString().trim()))),
    );
    try {
      // Killed while the shell still runs, it would be reaped by the shell and gone (ENOENT below):
      // wait until the shell has become `sleep`, which never reaps.
      for (let i = 0; i < 250 && readFileSync(`/proc/${parent.pid}/comm`, 'utf8').trim() !== 'sleep'; i++)
        await new Promise((r) => setTimeout(r, 20));
      writeFileSync(join(dir, 'LOCK'), String(pid));
      process.kill(pid, 'SIGKILL');
      // Wait until the kernel shows it as a zombie (state Z), the state a restart finds.
      for (let i = 0; i < 100 && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toMatch(/\) Z /);
      const store = await startEmbeddedStore({ dbPath: dir });
      await store.close();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('starts at once after kill -9 of the store process holding the directory', async () => {
    const dir = tempDir();
    const holder = await storeProcess(dir);
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    // No waiting for the exit here: the restart itself must cope with a holder still dying.
    const store = await startEmbeddedStore({ dbPath: dir });
    await store.close();
    await exited;
  }, 30_000);

  it('still refuses a directory whose holder is alive, naming it', async () => {
    const dir = tempDir();
    const holder = await storeProcess(dir);
    try {
      await expect(startEmbeddedStore({ dbPath: dir })).rejects.toThrow(`in use by process ${holder.pid}`);
    } finally {
      holder.kill('SIGTERM');
    }
  }, 30_000);
});
