import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

const root = join(__dirname, '..', '..');
/** Test output (gitignored), and the copies the README shows. */
export const SCREENSHOT_DIR = join(root, 'test-output', 'screenshots');
export const DOCS_SCREENSHOT_DIR = join(root, 'docs', 'screenshots');

/**
 * A PNG of the whole page as a person sees it at the window's default size, written to test-output/ on
 * every run. The README's copies in docs/screenshots are refreshed only with UPDATE_SCREENSHOTS=1: ids,
 * times and QR codes differ on every run, and a test run should not leave the work tree modified.
 */
export async function screenshot(page: Page, name: string, options: { of?: Locator } = {}): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  // `of`: one part of a long screen (a section of the account details), as it looks in place.
  if (options.of) await options.of.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  else await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir(DOCS_SCREENSHOT_DIR, { recursive: true });
    await copyFile(file, join(DOCS_SCREENSHOT_DIR, `${name}.png`));
  }
  return file;
}
