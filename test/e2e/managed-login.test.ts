import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redirectUri, signedOutUri } from '../../main/core/federation/hosted-ui-urls.js';
import { freePort } from '../stand-ins/aws-json.js';
import { seedWorld, type SeededUser, type World } from '../stand-ins/seed.js';
import { startManagedLogin, type ManagedLoginServer } from '../stand-ins/managed-login-server.js';
import { seriousAxeViolations } from './axe.js';
import { launchChromium } from './chromium.js';
import { screenshot } from './screenshots.js';
import { openWindow, screenshotIfFailed } from './window-page.js';
import { appAccountInput } from '../support/app-harness.js';
import { startWindowWorld, type WindowWorld } from './window-world.js';
import { findLeaks, WireRecorder } from './wire-recorder.js';

/**
 * Managed login from the window, end to end: the window (Chromium page one) asks the real app service to
 * sign in; the service opens the authorize address in "the system browser" (Chromium page two, in its own
 * context, standing in for shell.openExternal), where the person signs in on the managed-login stand-in
 * in front of the project's backend; the loopback redirect finishes the flow and the window shows it.
 */
describe('managed login from the window, end to end in Chromium', () => {
  let w: WindowWorld;
  let acme: World;
  let user: SeededUser;
  let login: ManagedLoginServer;
  let browser: Browser;
  let page: Page;
  let systemBrowser: Page;
  const opened: string[] = [];
  const recorder = new WireRecorder();
  const consoleProblems: string[] = [];
  let stopRecording: () => void = () => undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    systemBrowser = await (await browser.newContext()).newPage();
    w = await startWindowWorld({
      open: async (url) => {
        opened.push(url);
        void systemBrowser.goto(url).catch(() => undefined);
        return true;
      },
    });
    acme = await seedWorld(w.backend, { poolName: 'acme' });
    user = await acme.plainUser(['developers'], { username: 'frank' });
    const port = await freePort();
    const hostedUi = { domain: '', scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'], redirectPort: port, redirectPath: '/callback' };
    login = await startManagedLogin({
      userPoolEndpoint: w.backend.userPoolEndpoint,
      region: w.backend.region,
      clients: [{ clientId: acme.clientId, callbackUrls: [redirectUri(hostedUi)], logoutUrls: [signedOutUri(hostedUi)] }],
    });
    await w.service.addAccount(appAccountInput('acme-sso', acme, { hostedUi: { ...hostedUi, domain: login.domain } }));
    ({ page, stopRecording } = await openWindow(browser, w, recorder, consoleProblems));
  });

  afterAll(async () => {
    stopRecording();
    await browser?.close();
    await w?.stop();
    await login?.stop();
  });

  afterEach(({ task }) => screenshotIfFailed(page, task, 'failed-managed-login-'));

  async function startSignIn() {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: /^Sign in( again)? to acme-sso$/ }).click();
    const start = page.getByRole('button', { name: 'Sign in with your organisation' });
    await start.waitFor();
    // A managed-login account has no password form in the window: the password is typed in the browser only.
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    await start.click();
    await page.getByRole('heading', { name: 'Continue in your browser' }).waitFor();
  }

  it('cancelling the wait frees the flow; a second try works', async () => {
    await startSignIn();
    await page.getByRole('button', { name: 'Cancel sign-in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    expect(opened).toHaveLength(1);
  });

  it('opens the system browser at the authorize address (shown as a fallback), and signs in when the browser comes back', async () => {
    await startSignIn();
    expect(opened).toHaveLength(2);
    const url = opened[1]!;
    const authorize = new URL(url);
    expect(authorize.pathname).toBe('/oauth2/authorize');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(await page.getByRole('link', { name: 'Open the sign-in page' }).getAttribute('href')).toBe(url);
    expect(await page.getByLabel('Sign-in address').inputValue()).toBe(url);
    await screenshot(page, '17-managed-login-browser');
    const violations = await seriousAxeViolations(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);

    await systemBrowser.waitForSelector('input[name=username]');
    await systemBrowser.fill('input[name=username]', user.username);
    await systemBrowser.fill('input[name=password]', user.password);
    await systemBrowser.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Signed in' }).waitFor({ timeout: 30_000 });
    expect(await page.getByText(/You are signed in to acme-sso/).isVisible()).toBe(true);
    expect((await w.service.getAccount('acme-sso')).session.state).toBe('signed-in');
  });

  it('never sent a token, credential or the password over the bridge', async () => {
    const messages = await recorder.settle();
    const leaks = findLeaks(messages, [
      { label: "frank's password", value: user.password },
      ...w.backend.issued.flatMap((c, i) => [
        { label: `issued secret key #${i}`, value: c.secretAccessKey },
        { label: `issued session token #${i}`, value: c.sessionToken },
      ]),
      ...login.issuedCodes.map((code, i) => ({ label: `authorization code #${i}`, value: code })),
    ]);
    expect(leaks).toEqual([]);
    expect(w.backend.issued.length).toBeGreaterThan(0);
  });

  it('ran without a CSP violation or a script error in the page', () => {
    expect(consoleProblems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
