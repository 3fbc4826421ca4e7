import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { request } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { hasChromium, launchChromium } from '../support/chromium.ts';
import { SCREENSHOTS as OUT } from '../support/browser-app.ts';
import { startTestServer } from '../support/start-test-server.ts';

/**
 * The LMS on one site (127.0.0.1), the tool on another (localhost), the tool's cookies as in
 * production (SameSite=None; Secure), and a Chromium that blocks third-party cookies: the
 * situation of Moodle's default embedded frame in Safari or a private Chrome window.
 */
// One retry: in CI, three different tests of this file each timed out once in four runs (a frame
// that never reached its page), and none did in 13 runs here. The first try's account of where
// the frame stopped is on stderr (waitInFrame) for finding the cause; a real break fails both tries.
describe.skipIf(!hasChromium)(
  'launch in the LMS frame with third-party cookies blocked (Debian chromium)',
  { retry: 1 },
  () => {
    let app: Awaited<ReturnType<typeof startTestServer>>;
    let browser: Browser;
    let lms: string;
    beforeAll(async () => {
      mkdirSync(OUT, { recursive: true });
      app = await startTestServer({
        host: 'localhost',
        env: (port) => ({ LTI_COOKIES: 'cross-site', SANDBOX_BASE_URL: `http://127.0.0.1:${port}` }),
      });
      lms = app.baseUrl.replace('localhost', '127.0.0.1');
      browser = await launchChromium(['--test-third-party-cookie-phaseout']);
    });
    afterAll(async () => {
      await browser?.close();
      await app?.cleanup();
    });

    const toolFrame = async (page: Page): Promise<Frame> => {
      const handle = await page.waitForSelector('iframe[name="lti-tool"]');
      const frame = await handle.contentFrame();
      if (!frame) throw new Error('no tool frame');
      return frame;
    };

    /**
     * Waits for `what` in the tool's frame; if it is not there within 20 s (the test's own limit is
     * 30), fails saying where the frame is and what it shows, and says so on stderr too (a test that
     * then passes on its retry still leaves the account in the log).
     */
    const waitInFrame = async (frame: Frame, what: Locator, label: string): Promise<Locator> => {
      await what.waitFor({ timeout: 20_000 }).catch(async (error: unknown) => {
        const shown = await frame
          .locator('body')
          .innerText({ timeout: 1_000 })
          .catch(() => '(no body)');
        const account = `no ${label} in the tool's frame after 20 s; it is at ${frame.url()} and shows: ${shown.slice(0, 400)}`;
        console.error(account);
        throw new Error(account, { cause: error });
      });
      return what;
    };
    const newWindowButton = (frame: Frame) =>
      waitInFrame(frame, frame.getByRole('button', { name: 'Open in a new window' }), '"Open in a new window"');
    const quizPage = (frame: Frame) =>
      waitInFrame(frame, frame.getByText('Problem 1').first(), 'quiz page ("Problem 1")');

    /**
     * A context whose browser sends the tool no cookie and keeps none it is given (no CHIPS either,
     * as Safari without it): each request to the tool goes out without its Cookie header through a
     * fresh request context (no jar), and its answer reaches the page without Set-Cookie. (Playwright
     * does not route requests that are redirect targets; those carry no cookie the tool needs here.)
     */
    const withoutToolCookies = async (context: BrowserContext) => {
      await context.route(/^http:\/\/localhost:/, async (route) => {
        const api = await request.newContext();
        try {
          const original = route.request();
          const headers = Object.fromEntries(
            Object.entries(original.headers()).filter(([name]) => name.toLowerCase() !== 'cookie'),
          );
          const body = original.postDataBuffer();
          const response = await api.fetch(original.url(), {
            method: original.method(),
            headers,
            ...(body ? { data: body } : {}),
            maxRedirects: 0,
          });
          const answer = Object.fromEntries(
            Object.entries(response.headers()).filter(([name]) => name.toLowerCase() !== 'set-cookie'),
          );
          await route.fulfill({ status: response.status(), headers: answer, body: await response.body() });
        } catch (error) {
          // A request left neither fulfilled nor aborted would hang the page until the test's limit.
          console.error(`the cookie-less route to ${route.request().url()} failed: ${String(error)}`);
          await route.abort('failed').catch(() => undefined);
        } finally {
          await api.dispose();
        }
      });
    };

    it('works with Partitioned (CHIPS) cookies: the student opens the quiz in the frame and submits', async () => {
      const context = await browser.newContext({ viewport: { width: 1000, height: 1200 } });
      const page = await context.newPage();
      const setCookies: string[] = [];
      page.on('response', async (r) => {
        if (r.url().startsWith(app.baseUrl))
          setCookies.push(...((await r.headerValue('set-cookie'))?.split('\n') ?? []));
      });
      await page.goto(`${lms}/sandbox/frame?user=alice&link=demo-exam&storage=0`);
      const frame = await toolFrame(page);
      await quizPage(frame);
      // The launch answered with the quiz page: its URL is the launch's, without the learner session.
      expect(new URL(frame.url()).pathname).toBe('/lti/launch');
      expect(frame.url()).not.toContain(encodeURIComponent(await frame.locator('input[name="session"]').inputValue()));
      // The browser does block third-party cookies here, and keeps partitioned ones.
      await frame.evaluate(
        "document.cookie = 'probe_plain=1; SameSite=None; Secure'; document.cookie = 'probe_partitioned=1; SameSite=None; Secure; Partitioned'",
      );
      const visible = String(await frame.evaluate('document.cookie'));
      expect(visible).not.toContain('probe_plain');
      expect(visible).toContain('probe_partitioned');
      expect(setCookies.length).toBeGreaterThan(0);
      for (const c of setCookies) expect(c).toMatch(/; Partitioned$/);
      await frame.locator('#f-3-alphaStar').fill('1/6');
      await frame.getByRole('button', { name: 'Submit answers' }).click();
      // The other parts are blank: confirmed in the page's summary.
      await frame.getByRole('button', { name: 'Submit anyway' }).click();
      await frame.waitForSelector('text=Your answers were saved and graded.');
      await page.screenshot({ path: `${OUT}/frame-chips.png` });
      const stored = await app.store.models.Submission.findOne({ userId: 'alice' }).lean();
      expect(stored?.parts.find((p) => p.partKey === 'alphaStar')?.raw).toBe('1/6');
      await context.close();
    });

    it('without any cookie, uses the platform storage the LMS offers (lti_storage_target)', async () => {
      const context = await browser.newContext({ viewport: { width: 1000, height: 1200 } });
      await withoutToolCookies(context);
      const page = await context.newPage();
      const launchPosts: number[] = [];
      page.on('response', (r) => {
        if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/lti/launch')
          launchPosts.push(r.status());
      });
      await page.goto(`${lms}/sandbox/frame?user=bob&link=demo-exam`);
      const frame = await toolFrame(page);
      await quizPage(frame);
      // The launch came without its state cookie: the page read state and nonce back from the
      // platform and posted the launch again, which ltijs then took.
      expect(launchPosts).toEqual([200, 302]);
      // The learner session was posted to the quiz: the frame's URL carries no token.
      expect(frame.url()).toBe(`${app.baseUrl}/quiz`);
      await frame.locator('#f-3-alphaStar').fill('1/6');
      await frame.getByRole('button', { name: 'Submit answers' }).click();
      // The other parts are blank: confirmed in the page's summary.
      await frame.getByRole('button', { name: 'Submit anyway' }).click();
      await frame.waitForSelector('text=Your answers were saved and graded.');
      await page.screenshot({ path: `${OUT}/frame-platform-storage.png` });
      expect(await app.store.models.Submission.countDocuments({ userId: 'bob' })).toBe(1);
      await context.close();
    });

    it("asks the platform's storage again until it answers, when the platform's page starts listening late", async () => {
      const context = await browser.newContext({ viewport: { width: 1000, height: 1200 } });
      await withoutToolCookies(context);
      const page = await context.newPage();
      // The platform storage listens 1.5 s after its page ran: the tool's first messages reach nobody.
      await page.goto(`${lms}/sandbox/frame?user=student-7&link=demo-exam&storage=late`);
      const frame = await toolFrame(page);
      await quizPage(frame);
      expect(await frame.getByRole('button', { name: 'Open in a new window' }).isVisible()).toBe(false);
      expect(frame.url()).toBe(`${app.baseUrl}/quiz`);
      await context.close();
    });

    it('without any cookie, an instructor (whose pages need the ltijs session cookie) is offered the new window', async () => {
      const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      await withoutToolCookies(context);
      const page = await context.newPage();
      await page.goto(`${lms}/sandbox/frame?user=teacher&link=demo-exam`);
      const frame = await toolFrame(page);
      await newWindowButton(frame);
      expect(await frame.locator('body').textContent()).not.toContain('Results');
      await context.close();
    });

    it('without cookies and without platform storage, offers "Open in a new window", which works', async () => {
      const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      await withoutToolCookies(context);
      const page = await context.newPage();
      await page.goto(`${lms}/sandbox/frame?user=chloe&link=demo-exam&storage=0`);
      const frame = await toolFrame(page);
      const button = await newWindowButton(frame);
      await page.screenshot({ path: `${OUT}/frame-new-window.png` });
      await context.unroute(/^http:\/\/localhost:/);
      const [popup] = await Promise.all([context.waitForEvent('page'), button.click()]);
      await popup.waitForSelector('#f-3-alphaStar');
      await popup.screenshot({ path: `${OUT}/frame-new-window-opened.png` });
      await context.close();
    });
  },
);
