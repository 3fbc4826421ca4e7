// What the HTTP benchmarks share: a kept-alive form POST, as a student's browser sends, and the
// server process's CPU and peak RSS read from /proc.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request, type Agent } from 'node:http';
import { createServer } from 'node:net';

/**
 * One form POST over `agent` (keep-alive, one socket per request in flight, as each student's
 * browser has its own connection; fetch's shared pool queued some of 200 simultaneous requests for
 * seconds on the client side, which showed up as server latency).
 */
export function postForm(
  agent: Agent,
  port: number,
  path: string,
  form: Record<string, string>,
  accept: string,
): Promise<{ status: number; body: string }> {
  const data = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(data),
          accept,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

export function peakRssMb(child: ChildProcess | undefined): number {
  if (!child?.pid) return 0;
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

export function cpuSeconds(child: ChildProcess | undefined): number {
  if (!child?.pid) return 0;
  // utime + stime, in clock ticks (100 per second on Linux).
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A port nothing listens on now, for a server that must be told its port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A submission's answers to the demo exam, the same for every student (whose variants differ). */
export const DEMO_EXAM_ANSWERS: Readonly<Record<string, string>> = {
  'answer:0:jacobian': '[[1, -1], [1, 1]]',
  'answer:1:dLdtheta': '32',
  'answer:2:a2c': '2',
  'answer:3:alphaStar': '1/6',
  'answer:3:converge': '(0, 1/3)',
};
