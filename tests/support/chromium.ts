import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../src/exam/print-pdf.ts';

export const CHROMIUM_PATH = CHROMIUM;
export const hasChromium = existsSync(CHROMIUM_PATH);

/** Debian's Chromium, never a downloaded browser, with the print path's flags (and any extra ones). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS, ...extraArgs] });
}
