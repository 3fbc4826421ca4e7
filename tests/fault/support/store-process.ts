import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/exam-variants.js', import.meta.url));

export interface StoreProcess {
  child: ChildProcess;
  /** Resolves when the process has exited (and its pipes closed). */
  exited: Promise<unknown>;
}

/** `exam-variants store` as an operator runs it beside the app; resolves once it listens. */
export function storeProcess(port: number, dbPath: string): Promise<StoreProcess> {
  const child = spawn(process.execPath, [BIN, 'store', '--port', String(port), '--dbpath', dbPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('close', resolve));
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('listening at')) resolve({ child, exited });
    });
    void exited.then(() => reject(new Error(`store exited before it listened: ${err}`)));
  });
}
