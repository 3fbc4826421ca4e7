// npm run bench:http: STUDENTS sandbox students launch, then submit, CONCURRENCY at a time, through
// the real routes (ltijs session, grading, durable embedded store, outbox). Prints submissions/s,
// p50/p99 latency and the server's peak RSS. The server runs in its own process, as `npm start` does.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hiddenField, TestBrowser } from '../tests/support/lti-browser.ts';

const STUDENTS = Number(process.env.STUDENTS ?? 1000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 200);
const MODE = process.env.MODE === 'html' ? 'html' : 'json';
const PORT = 3400 + Math.floor((process.pid % 500));
const base = `http://127.0.0.1:${PORT}`;
const dataDir = mkdtempSync(join(tmpdir(), 'ev-bench-http-'));
// SERVER_NODE_OPTIONS: V8 flags for the server only (e.g. a heap limit), not for this load generator.
const server = spawn(process.execPath, [...(process.env.SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []), ...(process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : []), fileURLToPath(new URL('../bin/exam-variants.js', import.meta.url)), 'serve'], {
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
  session: string;
  key: string;
}

const answers: Record<string, string> = { 'answer:0:jacobian': '[[1, -1], [1, 1]]', 'answer:1:dLdtheta': '32', 'answer:2:a2c': '2', 'answer:3:alphaStar': '1/6', 'answer:3:converge': '(0, 1/3)' };

// Phase 1 (not timed as submissions): every student launches from the sandbox LMS and gets their own variant page.
console.log(`launching ${STUDENTS} sandbox students (OIDC launch, own variant page)...`);
const launchStarted = performance.now();
const students: Student[] = [];
for (let i = 0; i < STUDENTS; i += 20) {
  students.push(
    ...(await Promise.all(
      Array.from({ length: Math.min(20, STUDENTS - i) }, async (_, k) => {
        const browser = new TestBrowser();
        const page = await browser.navigate(`${base}/sandbox/launch?user=student-${i + k}&link=demo-exam`);
        return { browser, session: hiddenField(page.body, 'session'), key: hiddenField(page.body, 'idempotencyKey') };
      }),
    )),
  );
}
const launchSeconds = (performance.now() - launchStarted) / 1000;
const rssAfterLaunch = peakRssMb();

// Phase 2: the end of an exam. CONCURRENCY students at a time press Submit; each submission is
// parsed, graded, stored durably with its outbox record, and answered with the feedback. As a
// page with script does, the request asks for JSON (MODE=html: the full page, as without script).
const latencies: number[] = [];
let errors = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Math.min(CONCURRENCY, students.length) }, async () => {
    for (let s = students[next++]; s; s = students[next++]) {
      const t0 = performance.now();
      const r = await s.browser.request(`${base}/quiz`, { form: { session: s.session, action: 'submit', idempotencyKey: s.key, ...answers }, headers: MODE === 'json' ? { accept: 'application/json' } : {} });
      const ok = r.status === 200 && (MODE === 'json' ? (JSON.parse(r.body) as { stored?: boolean }).stored === true : r.body.includes('class="feedback'));
      if (ok) latencies.push(performance.now() - t0);
      else errors++;
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(`launches: ${STUDENTS} in ${launchSeconds.toFixed(1)} s (${Math.round(STUDENTS / launchSeconds)}/s), server RSS peak ${rssAfterLaunch.toFixed(0)} MB`);
console.log(
  `submissions (${MODE} responses, ${CONCURRENCY} concurrent students): ${latencies.length} in ${elapsed.toFixed(2)} s = ${Math.round(latencies.length / elapsed)} graded-and-stored submissions/s, p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, ${errors} errors, server peak RSS ${peakRssMb().toFixed(0)} MB`,
);
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });
