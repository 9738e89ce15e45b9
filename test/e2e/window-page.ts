import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousAxeViolations } from './axe.js';
import { SCREENSHOT_DIR } from './screenshots.js';
import type { WindowWorld } from './window-world.js';
import type { WireRecorder } from './wire-recorder.js';

/**
 * Opens the window in `page` the way every end-to-end test watches it: console errors and warnings and page
 * errors collected in `problems` (each test asserts there are none), every bridge message recorded for the
 * secret scan. Returns the recorder's detach.
 */
export async function openWindow(page: Page, w: WindowWorld, recorder: WireRecorder, problems: string[]): Promise<() => void> {
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  const stopRecording = recorder.attach(page, w.service.events);
  await page.goto(w.bridge.url);
  return stopRecording;
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
