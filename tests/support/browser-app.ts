import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium.ts';
import { startTestServer } from './start-test-server.ts';

/** Where browser tests save their screenshots. */
export const SCREENSHOTS = 'test-output';

/**
 * Registers, in the calling describe, a test server with the sandbox LMS and one Debian Chromium
 * for its tests; read them through the returned object once the tests run.
 */
export function useAppInBrowser(): {
  readonly app: Awaited<ReturnType<typeof startTestServer>>;
  readonly browser: Browser;
} {
  let app: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    app = await startTestServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.cleanup();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useAppInBrowser: read only inside tests, after beforeAll');
    return value;
  };
  return {
    get app() {
      return ready(app);
    },
    get browser() {
      return ready(browser);
    },
  };
}
