import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with the flags that work as root on CI. Playwright gives every launch a fresh
 * throw-away profile, and each test opens its own context, so no cookie (managed-login session) leaks
 * between tests.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
