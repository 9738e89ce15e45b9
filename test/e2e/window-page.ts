import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousAxeViolations } from './axe.js';
import { SCREENSHOT_DIR } from './screenshots.js';
import type { WindowWorld } from './window-world.js';
import type { WireRecorder } from './wire-recorder.js';

/**
 * Opens the window in a fresh browser context at the window's default size, the way every end-to-end test
 * watches it: console errors and warnings and page errors collected in `problems` (each test asserts there are
 * none), every bridge message recorded for the secret scan. `permissions` are granted to the window's origin.
 */
export async function openWindow(
  browser: Browser,
  w: WindowWorld,
  recorder: WireRecorder,
  problems: string[],
  options: { permissions?: string[] } = {},
): Promise<{ page: Page; stopRecording: () => void }> {
  const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
  if (options.permissions) await context.grantPermissions(options.permissions, { origin: w.bridge.origin });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  const stopRecording = recorder.attach(page, w.service.events);
  await page.goto(w.bridge.url);
  return { page, stopRecording };
}

/** A failed test leaves a picture of the window behind (test output only, never copied to docs). */
export async function screenshotIfFailed(
  page: Page | undefined,
  task: { name: string; result?: { state?: string } },
  prefix: string,
  nameLength = 50,
): Promise<void> {
  if (task.result?.state !== 'fail' || !page) return;
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page
    .screenshot({ path: join(SCREENSHOT_DIR, `${prefix}${task.name.replace(/\W+/g, '-').slice(0, nameLength)}.png`), fullPage: true })
    .catch(() => undefined);
}

/** No serious or critical axe finding on the screen shown now. */
export async function expectAccessible(page: Page, screenName: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect(violations, `${screenName}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}
