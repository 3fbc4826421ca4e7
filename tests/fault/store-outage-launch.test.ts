import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { TestBrowser, hiddenField } from '../support/lti-browser.ts';
import { appOnStoreProcess, storeProcess } from './support/store-process.ts';

/** Longer than a reconnect attempt of a driver (ltijs' built-in connection retried about every 6 s). */
const OUTAGE_MS = 20_000;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A student's launch from the sandbox LMS (login, OIDC, launch), as a browser follows it. */
function launch(baseUrl: string, user: string) {
  return new TestBrowser().navigate(`${baseUrl}/sandbox/launch?user=${user}&link=demo-exam`);
}

/** What a student sees on a page that is not the quiz: the status, and the page's text without markup. */
function pageText(page: { status: number; body: string; headers: Headers }): string {
  return `${page.status} ${page.headers.get('content-type') ?? ''}: ${page.body
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .slice(0, 300)}`;
}

/**
 * What a student does while the tool is reconnecting: opens the activity again, as long as the
 * tool answers with its "try again in a moment" page. Returns the quiz page.
 */
async function launchUntilServed(baseUrl: string, user: string, tries: number) {
  for (let attempt = 1; ; attempt++) {
    const page = await launch(baseUrl, user);
    if (page.status === 200) return page;
    if (page.status !== 503 || attempt >= tries)
      throw new Error(`${user}'s launch ${attempt} after the store came back: ${pageText(page)}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

describe('LTI launches across a long outage of a separate store process', () => {
  it('answer a clear error page while the store is down, and launch a new student once it is back, without restarting the app', async () => {
    const started = await appOnStoreProcess('outage', dirs);
    const { app, baseUrl, storePort, dbPath } = started;
    let store = started.store;
    try {
      const before = await launch(baseUrl, 'student-1');
      expect(before.status, pageText(before)).toBe(200);
      hiddenField(before.body, 'session');

      store.child.kill('SIGKILL');
      await store.exited;
      const killedAt = Date.now();

      // While the store is down: a page that says what to do, not a hang, a JSON error or a stack trace.
      const during = await launch(baseUrl, 'student-2');
      expect(during.status, pageText(during)).toBe(503);
      expect(during.headers.get('content-type')).toMatch(/^text\/html/);
      expect(during.body, pageText(during)).toMatch(/open the activity again in a moment/i);
      expect(during.body).not.toMatch(/\n\s+at \S+ \(|Internal Server Error|MongoServerSelectionError/);

      // A login that goes to ltijs' records first (an LMS that sends no lti_deployment_id): the same page.
      const browser = new TestBrowser();
      const started = await browser.request(`${baseUrl}/sandbox/launch?user=student-2&link=demo-exam`);
      const loginUrl = new URL(started.location ?? '', baseUrl);
      loginUrl.searchParams.delete('lti_deployment_id');
      const login = await browser.request(loginUrl.toString());
      expect(login.status, pageText(login)).toBe(503);
      expect(login.headers.get('content-type')).toMatch(/^text\/html/);
      expect(login.body, pageText(login)).toMatch(/open the activity again in a moment/i);

      await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + OUTAGE_MS - Date.now())));
      store = await storeProcess(storePort, dbPath);

      // A student who never launched before, and one who did: both reach their quiz. The driver sees
      // the store again within seconds (or 25 s when its monitoring hung at the kill: the watchdog).
      const fresh = await launchUntilServed(baseUrl, 'student-3', 60);
      hiddenField(fresh.body, 'session');
      expect(await app.store.models.Attempt.countDocuments({ userId: 'student-3' })).toBe(1);
      const again = await launchUntilServed(baseUrl, 'student-1', 10);
      hiddenField(again.body, 'session');
    } finally {
      await app.close();
      store.child.kill('SIGTERM');
      await store.exited;
    }
  }, 180_000);
});
