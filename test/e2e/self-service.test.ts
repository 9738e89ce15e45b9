import { authenticator } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedWorld, type SeededUser, type World } from '../stand-ins/seed.js';
import { startFederationEndpoint, type FederationEndpoint } from '../stand-ins/federation-endpoint.js';
import { launchChromium } from './chromium.js';
import { screenshot } from './screenshots.js';
import { expectAccessible, openWindow, screenshotIfFailed } from './window-page.js';
import { appAccountInput } from '../support/app-harness.js';
import { startWindowWorld, type WindowWorld } from './window-world.js';
import { findLeaks, WireRecorder, type SecretRule } from './wire-recorder.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

/**
 * Self-service in the window, end to end: Debian's Chromium through the HTTP bridge, the real AppApi
 * implementation, the project's backend (cognito-local behind the SRP front; every emulated code is
 * backend.code), the federation endpoint stand-in for the console, and a private real keychain. One new
 * person's first day: create an account, confirm it, sign in, forget the password, reset it, change it,
 * turn on an authenticator app and off again, open the AWS console. Every bridge message is checked for
 * secrets at the end.
 */
describe('self-service in the window, end to end in Chromium', () => {
  let w: WindowWorld;
  let federation: FederationEndpoint;
  let acme: World;
  let alice: SeededUser;
  let browser: Browser;
  let page: Page;
  const opened: string[] = [];
  const recorder = new WireRecorder();
  const consoleProblems: string[] = [];
  let stopRecording: () => void = () => undefined;
  const stamp = Date.now().toString(36);
  const newUser = `erin-${stamp}`;
  const signUpPassword = `Signup-${stamp}-Pw!1`;
  const resetPassword = `Reset-${stamp}-Pw!2`;
  const changedPassword = `Changed-${stamp}-Pw!3`;
  let seed = '';

  beforeAll(async () => {
    // The console URL grants access: the "system browser" here only records it, and the test opens it by hand.
    let issued: () => { accessKeyId: string; secretAccessKey: string; sessionToken: string }[] = () => [];
    federation = await startFederationEndpoint({
      verify: (c) => issued().some((i) => i.accessKeyId === c.accessKeyId && i.secretAccessKey === c.secretAccessKey && i.sessionToken === c.sessionToken),
    });
    w = await startWindowWorld({
      open: async (url) => {
        opened.push(url);
        return true;
      },
      serviceEnv: { COGNITO_BROKER_FEDERATION_ENDPOINT: federation.url },
    });
    issued = () => w.backend.issued;
    acme = await seedWorld(w.backend, {
      poolName: 'acme',
      passwordPolicy: { MinimumLength: 12, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true },
    });
    alice = await acme.plainUser(['admins', 'developers'], { username: 'alice' });
    await w.service.addAccount(appAccountInput('acme', acme));
    browser = await launchChromium();
    ({ page, stopRecording } = await openWindow(browser, w, recorder, consoleProblems));
  });

  afterAll(async () => {
    stopRecording();
    await browser?.close();
    await w?.stop();
    await federation?.stop();
  });

  afterEach(({ task }) => screenshotIfFailed(page, task, 'failed-self-service-'));

  async function signIn(username: string, password: string) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: /^Sign in( again)? to acme$/ }).click();
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.keyboard.press('Enter');
  }

  it('creates an account: policy checklist as the person types, the emailed code confirms it, then it signs in', async () => {
    await page.getByRole('button', { name: 'Sign in to acme' }).click();
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create an account in acme' }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill(newUser);
    await page.getByLabel('E-mail').fill(`${newUser}@example.com`);
    const rules = page.getByRole('list', { name: 'Password rules' });
    await rules.waitFor();
    expect(await rules.getByText(/: not yet/).count()).toBe(5);
    await page.getByLabel('Password', { exact: true }).pressSequentially(signUpPassword.slice(0, 6));
    expect(await rules.getByText(/: not yet/).count()).toBeGreaterThan(0);
    await page.getByLabel('Password', { exact: true }).pressSequentially(signUpPassword.slice(6));
    await poll(() => rules.getByText(/: not yet/).count()).toBe(0);
    await page.getByLabel('Password again').fill(signUpPassword);
    await screenshot(page, '11-sign-up');
    await expectAccessible(page, 'sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();

    const sent = page.getByText(/We sent (you )?a code/);
    await sent.waitFor();
    // Masked like AWS does it, never the whole address.
    expect(await sent.textContent()).not.toContain(`${newUser}@example.com`);
    expect(await page.getByLabel('Confirmation code').evaluate((el) => el === document.activeElement)).toBe(true);
    // "Send a new code" is covered by the component test only: cognito-local has no ResendConfirmationCode.
    await screenshot(page, '12-sign-up-confirm');
    await expectAccessible(page, 'sign-up confirmation');
    await page.keyboard.type(w.backend.code);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Account ready' }).waitFor();

    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Username', { exact: true }).fill(newUser);
    await page.getByLabel('Password', { exact: true }).fill(signUpPassword);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
    expect(await page.getByText(`You are signed in to acme as ${newUser}`).isVisible()).toBe(true);
  });

  it('resets a forgotten password with the emailed code; the old password stops working and the new one signs in', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: 'Sign in again to acme' }).click();
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reset your password for acme' }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill(newUser);
    await page.keyboard.press('Enter');
    await page.getByText(/We sent a code .*to /).waitFor();
    await page.getByLabel('Code', { exact: true }).fill(w.backend.code);
    await page.getByLabel('New password', { exact: true }).fill('too-weak');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('The new password does not meet every rule yet.').waitFor();
    await page.getByLabel('New password', { exact: true }).fill(resetPassword);
    await page.getByLabel('New password again').fill(resetPassword);
    await screenshot(page, '13-forgot-password');
    await expectAccessible(page, 'password reset');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();

    await signIn(newUser, signUpPassword);
    // Refused next to the password field, in words; still not signed in.
    await page
      .getByRole('alert')
      .filter({ hasText: /password/i })
      .first()
      .waitFor();
    expect(await page.getByRole('heading', { name: 'Signed in' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await signIn(newUser, resetPassword);
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
  });

  it('changes the password of the signed-in user', async () => {
    await page.getByRole('button', { name: 'Groups and roles' }).click();
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByLabel('Current password').fill(resetPassword);
    await page.getByLabel('New password', { exact: true }).fill(changedPassword);
    await page.getByLabel('New password again').fill(changedPassword);
    await expectAccessible(page, 'password change');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();
    await signIn(newUser, changedPassword);
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
  });

  it('turns on an authenticator app (QR drawn locally, first code), chooses it as preferred, then turns it off', async () => {
    await page.getByRole('button', { name: 'Groups and roles' }).click();
    await page.getByRole('heading', { name: 'Multi-factor authentication' }).waitFor();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const key = page.getByLabel('Key to type into the app');
    await key.waitFor();
    seed = ((await key.textContent()) ?? '').replace(/\s+/g, '');
    expect(seed).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await page.getByRole('img', { name: 'QR code to scan with your authenticator app' }).isVisible()).toBe(true);
    expect(await page.getByLabel('First code from the app').evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, '14-mfa-enrol');
    await expectAccessible(page, 'MFA enrolment');
    await page.keyboard.type(authenticator.generate(seed));
    await page.keyboard.press('Enter');
    await page.getByText('Authenticator app is on. Sign-ins now ask for its code.').waitFor();
    expect(await page.content()).not.toContain(seed.slice(0, 8));
    expect((await w.backend.mfaFactors(acme.userPoolId, newUser)).enabled).toContain('SOFTWARE_TOKEN_MFA');

    const preferred = page.getByRole('group', { name: 'Preferred factor' });
    await preferred.getByRole('radio', { name: 'Authenticator app' }).check();
    const usePreferred = page.getByRole('button', { name: 'Use as preferred factor' });
    if (await usePreferred.isEnabled()) {
      await usePreferred.click();
      await page.getByText('Authenticator app is now the factor Cognito asks for first.').waitFor();
    }
    expect((await w.backend.mfaFactors(acme.userPoolId, newUser)).preferred).toBe('SOFTWARE_TOKEN_MFA');
    await screenshot(page, '15-mfa-on');
    await expectAccessible(page, 'MFA on');

    await page.getByRole('button', { name: 'Turn off authenticator app' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Turn it off' }).click();
    await page.getByText('Authenticator app is off for this user.').waitFor();
    await poll(async () => (await w.backend.mfaFactors(acme.userPoolId, newUser)).enabled).not.toContain('SOFTWARE_TOKEN_MFA');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).waitFor();
  });

  it('opens the AWS console through the federation endpoint; the sign-in URL never reaches the window', async () => {
    await signIn(alice.username, alice.password);
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
    await page.getByRole('button', { name: 'Groups and roles' }).click();
    await page.getByRole('heading', { name: 'AWS console' }).waitFor();
    const other = page.getByRole('button', { name: /^Open console as / }).first();
    await other.click();
    await page.getByText(/The AWS console opens in your browser as /).waitFor();
    expect(opened).toHaveLength(1);
    // The browser is handed a one-time loopback address (no sign-in token in its argv), which redirects once.
    const handed = new URL(opened[0]!);
    expect(handed.hostname).toBe('127.0.0.1');
    expect(handed.search).toBe('');
    const hop = await fetch(handed, { redirect: 'manual' });
    expect(hop.status).toBe(302);
    const url = new URL(hop.headers.get('location')!);
    expect(url.origin + url.pathname).toBe(federation.url);
    expect(url.searchParams.get('Action')).toBe('login');
    expect((await fetch(handed, { redirect: 'manual' }).catch(() => undefined))?.status ?? 'gone').not.toBe(302);
    // The "system browser" follows it: the federation endpoint accepts the token made from real credentials.
    const followed = await fetch(url, { redirect: 'manual' });
    expect(followed.status).toBe(302);
    expect(federation.logins).toHaveLength(1);
    await screenshot(page, '16-account-console-mfa');
    await expectAccessible(page, 'account details with console and MFA');
  });

  it('never sent a password, seed, console URL or credential over the bridge, except where a person types or must see one', async () => {
    const messages = await recorder.settle();
    const only =
      (kind: 'request' | 'response', ...methods: string[]) =>
      (m: { kind: string; name: string }) =>
        m.kind === kind && methods.includes(m.name);
    const rules: SecretRule[] = [
      { label: 'the sign-up password', value: signUpPassword, allowedIn: only('request', 'signUp', 'signInAnswer') },
      { label: 'the reset password', value: resetPassword, allowedIn: only('request', 'confirmForgotPassword', 'signInAnswer', 'changePassword') },
      { label: 'the changed password', value: changedPassword, allowedIn: only('request', 'changePassword', 'signInAnswer') },
      { label: "alice's password", value: alice.password, allowedIn: only('request', 'signInAnswer') },
      { label: 'the TOTP seed', value: seed, allowedIn: only('response', 'startTotpEnrolment') },
      ...opened.map((url, i) => ({ label: `console URL #${i}`, value: new URL(url).searchParams.get('SigninToken') ?? url })),
      ...w.backend.issued.flatMap((c, i) => [
        { label: `issued secret key #${i}`, value: c.secretAccessKey },
        { label: `issued session token #${i}`, value: c.sessionToken },
        { label: `issued access key id #${i}`, value: c.accessKeyId },
      ]),
    ];
    expect(findLeaks(messages, rules)).toEqual([]);
    expect(messages.filter((m) => m.body.includes(seed))).toHaveLength(1);
    expect(messages.some((m) => m.name === 'openConsole')).toBe(true);
  });

  it('ran without a CSP violation or a script error in the page', () => {
    expect(consoleProblems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
