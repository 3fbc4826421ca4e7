// What the launch benchmarks share: one student's click on the activity in the sandbox LMS,
// followed as a browser follows it (redirects and the auto-posted OIDC forms) to the last byte of
// the page the tool answers, and the two load shapes of an exam's start.
import { TestBrowser } from '../tests/support/lti-browser.ts';

export interface Launched {
  /** From the click to the last byte of the final page, in ms. */
  ms: number;
  /** The final page, or undefined when the launch did not end on a 200 page. */
  body: string | undefined;
}

/** Launches `user` into the sandbox activity `link` on the server at `port`. */
export async function launchOnce(port: number, user: string, link = 'demo-exam'): Promise<Launched> {
  const started = performance.now();
  const page = await new TestBrowser()
    .navigate(`http://127.0.0.1:${port}/sandbox/launch?user=${user}&link=${link}`)
    .catch(() => undefined);
  return { ms: performance.now() - started, body: page?.status === 200 ? page.body : undefined };
}

/** `lanes` launches at a time, each lane clicking the next as soon as its page arrived: the most launches/s. */
export async function inLanes<T>(count: number, lanes: number, launch: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, count) }, async () => {
      for (let i = next++; i < count; i = next++) results[i] = await launch(i);
    }),
  );
  return results;
}

/**
 * `count` arrivals spread evenly over `seconds`, each launched when due whatever the others are
 * doing; latency is counted from when it was due, so a server that falls behind shows it.
 */
export async function openLoop<T extends { ms: number }>(
  count: number,
  seconds: number,
  launch: (i: number) => Promise<T>,
): Promise<T[]> {
  const started = performance.now();
  const pending: Array<Promise<T>> = [];
  for (let i = 0; i < count; i++) {
    const dueAt = started + (i * seconds * 1000) / count;
    const wait = dueAt - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(launch(i).then((r) => ({ ...r, ms: performance.now() - dueAt })));
  }
  return Promise.all(pending);
}

/** The q-th percentile (0-100) of `ms`, by rank. */
export function percentile(ms: number[], q: number): number {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((q / 100) * sorted.length))] ?? 0;
}
