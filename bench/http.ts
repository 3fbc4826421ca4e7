// npm run bench:http: 200 sandbox students launch, then submit concurrently through the real
// routes (ltijs session, grading, durable embedded store, outbox). Prints submissions/s, p50/p99
// latency and the server's peak RSS. The server runs in its own process, as `npm start` does.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hiddenField, TestBrowser } from '../tests/support/lti-browser.ts';

const STUDENTS = Number(process.env.STUDENTS ?? 200);
const SECONDS = Number(process.env.SECONDS ?? 15);
const PORT = 3400 + Math.floor((process.pid % 500));
const base = `http://127.0.0.1:${PORT}`;
const dataDir = mkdtempSync(join(tmpdir(), 'ev-bench-http-'));
const server = spawn(process.execPath, [...(process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : []), fileURLToPath(new URL('../bin/exam-variants.js', import.meta.url)), 'serve'], {
  env: { ...process.env, PORT: String(PORT), BASE_URL: base, DATA_DIR: dataDir, NODE_ENV: 'development' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  server.stdout.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('listening on')) resolve();
  });
  server.once('exit', () => reject(new Error('server exited')));
});

function peakRssMb(): number {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

interface Student {
  browser: TestBrowser;
  ltik: string;
  key: string;
}

const answers: Record<string, string> = { 'answer:0:jacobian': '[[1, -1], [1, 1]]', 'answer:1:dLdtheta': '32', 'answer:2:a2c': '2', 'answer:3:alphaStar': '1/6', 'answer:3:converge': '(0, 1/3)' };

console.log(`launching ${STUDENTS} sandbox students...`);
const students: Student[] = [];
for (let i = 0; i < STUDENTS; i += 20) {
  students.push(
    ...(await Promise.all(
      Array.from({ length: Math.min(20, STUDENTS - i) }, async (_, k) => {
        const browser = new TestBrowser();
        const page = await browser.navigate(`${base}/sandbox/launch?user=student-${i + k}&link=demo-exam`);
        return { browser, ltik: hiddenField(page.body, 'ltik'), key: hiddenField(page.body, 'idempotencyKey') };
      }),
    )),
  );
}
const rssAfterLaunch = peakRssMb();

// Each student submits (graded and stored), then starts the next attempt and submits again.
const latencies: number[] = [];
let errors = 0;
const end = performance.now() + SECONDS * 1000;
const started = performance.now();
await Promise.all(
  students.map(async (s) => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const r = await s.browser.request(`${base}/quiz`, { form: { ltik: s.ltik, action: 'submit', idempotencyKey: s.key, ...answers } });
      if (r.status === 200) latencies.push(performance.now() - t0);
      else errors++;
      const next = await s.browser.request(`${base}/quiz`, { form: { ltik: s.ltik, action: 'new-attempt' } });
      s.key = hiddenField(next.body, 'idempotencyKey');
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(
  `${STUDENTS} concurrent students, ${SECONDS} s: ${Math.round(latencies.length / elapsed)} graded-and-stored submissions/s (durable embedded store; each followed by a new-attempt request), p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, ${errors} errors, server peak RSS ${peakRssMb().toFixed(0)} MB (${rssAfterLaunch.toFixed(0)} MB after the launches)`,
);
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });
