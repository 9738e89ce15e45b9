import { AdminListDevicesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { authenticator } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redirectUri, signedOutUri } from '../../main/core/federation/hosted-ui-urls.js';
import { keyringStore } from '../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../main/core/keychain/secret-store.js';
import { freePort } from '../stand-ins/aws-json.js';
import { startManagedLogin, type ManagedLoginServer } from '../stand-ins/managed-login-server.js';
import { seedWorld, type SeededUser, type World } from '../stand-ins/seed.js';
import { launchChromium } from './chromium.js';
import { screenshot } from './screenshots.js';
import { expectAccessible, openWindow, screenshotIfFailed } from './window-page.js';
import { appAccountInput } from '../support/app-harness.js';
import { startWindowWorld, type WindowWorld } from './window-world.js';
import { findLeaks, WireRecorder, type SecretRule } from './wire-recorder.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });
const RELYING_PARTY = 'auth.umbrella.example';
const EMAILED_CODE = '908172';

/**
 * Choice-based sign-in (USER_AUTH), passkeys and remembered devices in the window, end to end: Debian's
 * Chromium through the HTTP bridge, the real AppApi implementation, the project's backend with a pool that
 * allows the password, e-mail and SMS codes and passkeys as first factors and remembers devices when the user
 * says so, and a private real keychain. Every new control is worked with the keyboard (focus, type, arrows,
 * Enter); every screen is checked with axe; every bridge message is checked for secrets at the end.
 */
describe('choice-based sign-in, passkeys and this computer in the window, end to end in Chromium', () => {
  let w: WindowWorld;
  let umbrella: World;
  let ursula: SeededUser;
  let pat: SeededUser;
  let tom: SeededUser;
  let sam: SeededUser;
  let browser: Browser;
  let page: Page;
  /** Stands in for the system browser (shell.openExternal): managed login opens here. */
  let systemBrowser: Page;
  let login: ManagedLoginServer;
  const opened: string[] = [];
  const recorder = new WireRecorder();
  const consoleProblems: string[] = [];
  let stopRecording: () => void = () => undefined;
  const deviceSecrets: { label: string; value: string }[] = [];

  beforeAll(async () => {
    // The backend's default code, 123456, is also in every role ARN's account id: the wire check needs a code
    // that appears nowhere else.
    browser = await launchChromium();
    systemBrowser = await (await browser.newContext()).newPage();
    w = await startWindowWorld({
      backend: { code: EMAILED_CODE },
      open: async (url) => {
        opened.push(url);
        void systemBrowser.goto(url).catch(() => undefined);
        return true;
      },
    });
    umbrella = await seedWorld(w.backend, {
      poolName: 'umbrella',
      firstFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'],
      // The pool leaves remembering to the user (the window asks), and a new device must pass MFA.
      deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    });
    ursula = await umbrella.plainUser(['developers'], { username: 'ursula', email: 'ursula@example.com' });
    pat = await umbrella.passwordlessUser(['developers'], { username: 'pat', email: 'pat@example.com' });
    sam = await umbrella.passwordlessUser(['developers'], { username: 'sam', phoneNumber: '+15550109876' });
    // With MFA on, a user is offered the password only (passwordless factors and MFA do not mix).
    tom = await umbrella.totpUser(['developers'], { username: 'tom', email: 'tom@example.com' });
    await w.backend.addPasskey(umbrella.userPoolId, ursula.username, { friendlyName: 'Work laptop', attachment: 'platform', relyingPartyId: RELYING_PARTY });
    await w.backend.addPasskey(umbrella.userPoolId, ursula.username, {
      friendlyName: 'Security key',
      attachment: 'cross-platform',
      relyingPartyId: RELYING_PARTY,
    });
    // The same pool behind managed login, for the passkey (which only a page on the pool's domain can use).
    const port = await freePort();
    const hostedUi = { domain: '', scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'], redirectPort: port, redirectPath: '/callback' };
    login = await startManagedLogin({
      userPoolEndpoint: w.backend.userPoolEndpoint,
      region: w.backend.region,
      clients: [{ clientId: umbrella.clientId, callbackUrls: [redirectUri(hostedUi)], logoutUrls: [signedOutUri(hostedUi)] }],
    });
    await w.service.addAccount(appAccountInput('umbrella-web', umbrella, { authFlow: 'user-auth', hostedUi: { ...hostedUi, domain: login.domain } }));
    ({ page, stopRecording } = await openWindow(browser, w, recorder, consoleProblems));
  });

  afterAll(async () => {
    stopRecording();
    await browser?.close();
    await w?.stop();
    await login?.stop();
  });

  afterEach(({ task }) => screenshotIfFailed(page, task, 'failed-sign-in-methods-'));

  const focused = (locator: ReturnType<Page['getByRole']>) => poll(() => locator.evaluate((el) => el === document.activeElement)).toBe(true);

  /** Focus a control and press Enter on it: how a keyboard user works a button or link. */
  async function press(locator: ReturnType<Page['getByRole']>) {
    await locator.focus();
    await page.keyboard.press('Enter');
  }

  async function goToAccounts() {
    await press(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Accounts' }));
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
  }

  /** From the accounts list: sign in again to umbrella as `username`, typed into the focused field, with `method`'s button. */
  async function startSignInAs(username: string, method: string) {
    await goToAccounts();
    await press(page.getByRole('button', { name: 'Sign in again to umbrella', exact: true }));
    const field = page.getByLabel('Username', { exact: true });
    await focused(field);
    await field.fill('');
    await page.keyboard.type(username);
    await press(page.getByRole('button', { name: method }));
  }

  async function devicesAtPool(username: string) {
    const out = await w.backend.userPoolClient().send(new AdminListDevicesCommand({ UserPoolId: umbrella.userPoolId, Username: username }));
    return out.Devices ?? [];
  }

  it('adds a choice-based account through the form: sign-in method and preferred first factor', async () => {
    await press(page.getByRole('button', { name: 'Add account' }));
    const type = async (label: string, text: string) => {
      await page.getByLabel(label, { exact: true }).focus();
      await page.keyboard.type(text);
    };
    await type('Account name', 'umbrella');
    await type('User pool id', umbrella.userPoolId);
    // Read from the pool id as it was typed.
    expect(await page.getByLabel('Region', { exact: true }).inputValue()).toBe(umbrella.region);
    await type('App client id', umbrella.clientId);
    await type('Identity pool id', umbrella.identityPoolId);
    await type('Username', ursula.username);
    await page.getByLabel('Sign-in method').selectOption('user-auth');
    const factor = page.getByLabel('Preferred first factor');
    expect(await factor.inputValue()).toBe('');
    await page.getByText('Custom endpoints').focus();
    await page.keyboard.press('Enter');
    await type('User pool endpoint', w.backend.userPoolEndpoint);
    await type('Identity pool endpoint', w.backend.identityEndpoint);
    await expectAccessible(page, 'account form, choice-based');
    await press(page.getByRole('button', { name: 'Add account' }));
    await page.getByRole('heading', { level: 1, name: 'umbrella' }).waitFor();
    const saved = await w.service.getAccount('umbrella');
    expect(saved.authFlow).toBe('user-auth');
    expect(saved.firstFactor).toBeUndefined();
  });

  it('asks only the username, then offers the pool’s choice; the password is chosen with the arrow keys, then "remember this computer?"', async () => {
    await goToAccounts();
    await press(page.getByRole('button', { name: 'Sign in to umbrella', exact: true }));
    const username = page.getByLabel('Username', { exact: true });
    await focused(username);
    expect(await username.inputValue()).toBe(ursula.username);
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    await page.keyboard.press('Enter');

    const choices = page.getByRole('group', { name: 'Sign in with' });
    await choices.waitFor();
    const labels = await choices.locator('.choice-title').allTextContents();
    expect(labels).toEqual(['Password', 'Code by e-mail', 'Passkey']);
    await focused(page.getByRole('radio', { name: /^Password/ }));
    await screenshot(page, '18-sign-in-choose-factor');
    await expectAccessible(page, 'choose a first factor');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await page.getByRole('radio', { name: /^Password/ }).isChecked()).toBe(true);
    await page.keyboard.press('Enter');

    const password = page.getByLabel('Password', { exact: true });
    await focused(password);
    await page.keyboard.type(ursula.password);
    await page.keyboard.press('Enter');

    const remember = page.getByRole('group', { name: 'Remember this computer?' });
    await remember.waitFor();
    expect(await remember.textContent()).toMatch(/later sign-ins on this computer can skip the second factor \(MFA\)/);
    await focused(page.getByRole('button', { name: 'Remember this computer' }));
    await screenshot(page, '20-sign-in-remember-device');
    await expectAccessible(page, 'remember this computer');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
    expect(await page.getByText('You are signed in to umbrella as ursula', { exact: false }).isVisible()).toBe(true);

    const device = await w.service.getDevice('umbrella');
    expect(device.remembered).toBe(true);
    const atPool = await devicesAtPool(ursula.username);
    expect(atPool.map((d) => d.DeviceKey)).toContain(device.deviceKey);
    expect(atPool.find((d) => d.DeviceKey === device.deviceKey)?.DeviceAttributes?.find((a) => a.Name === 'device_status')?.Value).toBe('valid');
    // The device's own secrets, from the keychain: they must never reach the window (checked at the end).
    const record = JSON.parse((await keyringStore(w.home).get(secretKeys.device('umbrella', ursula.username))) ?? '{}') as Record<string, string>;
    expect(record.devicePassword?.length).toBeGreaterThan(8);
    deviceSecrets.push(
      { label: "ursula's device password", value: record.devicePassword! },
      { label: "ursula's device group key", value: record.deviceGroupKey! },
    );
  });

  it('lists the user’s passkeys in the account details and deletes one after confirming, keyboard only', async () => {
    await press(page.getByRole('button', { name: 'Groups and roles' }));
    const table = page.getByRole('table', { name: 'Passkeys of ursula' });
    await table.waitFor();
    const rows = table.getByRole('row');
    await poll(() => rows.count()).toBe(3);
    expect(await table.textContent()).toContain('Work laptop');
    expect(await table.textContent()).toContain('Security key');
    expect(await table.getByRole('cell', { name: RELYING_PARTY }).count()).toBe(2);
    await screenshot(page, '21-account-passkeys', { of: page.locator('.card', { has: page.getByRole('heading', { name: 'Passkeys' }) }) });
    await expectAccessible(page, 'passkeys');

    await press(page.getByRole('button', { name: 'Delete passkey Security key' }));
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('Delete the passkey Security key?');
    await focused(dialog.getByRole('button', { name: 'Delete passkey' }));
    await expectAccessible(page, 'delete a passkey');
    await page.keyboard.press('Enter');
    await page.getByText('Deleted the passkey Security key. It no longer signs you in.').waitFor();
    await poll(() => rows.count()).toBe(2);
    expect((await w.service.listPasskeys('umbrella')).map((p) => p.friendlyName)).toEqual(['Work laptop']);
  });

  it('shows this computer as remembered and forgets it, at the pool too', async () => {
    const section = page.locator('.card', { has: page.getByRole('heading', { name: 'This computer' }) });
    await section.waitFor();
    const { deviceKey } = await w.service.getDevice('umbrella');
    expect(await section.textContent()).toContain(deviceKey!);
    expect(await section.textContent()).toMatch(/This computer is remembered since .*: sign-ins here can skip the second factor/);
    await screenshot(page, '22-account-this-computer', { of: section });
    await expectAccessible(page, 'this computer');
    await press(section.getByRole('button', { name: 'Forget this computer' }));
    await section.getByText('This computer is forgotten. The next sign-in here asks for the second factor again.').waitFor();
    expect((await w.service.getDevice('umbrella')).remembered).toBe(false);
    await poll(async () => (await devicesAtPool(ursula.username)).map((d) => d.DeviceKey)).not.toContain(deviceKey);
  });

  it('says in one sentence why a passkey cannot sign in an account without managed login', async () => {
    await goToAccounts();
    await press(page.getByRole('button', { name: 'Sign in again to umbrella', exact: true }));
    await focused(page.getByLabel('Username', { exact: true }));
    await press(page.getByRole('button', { name: 'Sign in with a passkey' }));
    const alert = page.getByRole('alert').filter({ hasText: /managed login/ });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Passkeys sign in through the user pool's managed login/);
    expect(await page.getByRole('heading', { name: 'Signed in' }).count()).toBe(0);
    await expectAccessible(page, 'passkey refused');
  });

  it('a passkey chosen from the pool’s choice continues in managed login in the browser, and the window carries on when it is done', async () => {
    await goToAccounts();
    await press(page.getByRole('button', { name: 'Sign in to umbrella-web' }));
    // A choice-based account with managed login still asks its questions in the window.
    const username = page.getByLabel('Username', { exact: true });
    await focused(username);
    await page.keyboard.type(ursula.username);
    await page.keyboard.press('Enter');
    await focused(page.getByRole('radio', { name: /^Password/ }));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: /^Passkey/ }).isChecked()).toBe(true);
    expect(opened).toHaveLength(0);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Continue in your browser' }).waitFor();
    expect(opened).toHaveLength(1);
    const authorize = new URL(opened[0]!);
    expect(authorize.origin).toBe(new URL(login.domain).origin);
    expect(authorize.pathname).toBe('/oauth2/authorize');
    expect(await page.getByLabel('Sign-in address').inputValue()).toBe(opened[0]);
    await expectAccessible(page, 'passkey in the browser');
    // The stand-in's page signs in with the password where AWS's managed login would run the passkey ceremony.
    await systemBrowser.waitForSelector('input[name=username]');
    await systemBrowser.fill('input[name=username]', ursula.username);
    await systemBrowser.fill('input[name=password]', ursula.password);
    await systemBrowser.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Signed in' }).waitFor({ timeout: 30_000 });
    expect((await w.service.getAccount('umbrella-web')).session).toMatchObject({ state: 'signed-in', username: ursula.username });
  });

  it('signs in a user without a password with a code by e-mail: masked address, "send a new code", then the code', async () => {
    await startSignInAs(pat.username, 'Sign in with a code by e-mail');

    const code = page.getByLabel('Code from the e-mail');
    await focused(code);
    const where = (await page.getByText(/^We sent a code by e-mail to /).textContent()) ?? '';
    expect(where).not.toContain('pat@example.com');
    expect(where).toMatch(/p\S*@\S+/);
    await press(page.getByRole('button', { name: 'Send a new code' }));
    await page
      .getByRole('status')
      .filter({ hasText: /A new code is on its way/ })
      .waitFor();
    await focused(page.getByLabel('Code from the e-mail'));
    await screenshot(page, '19-sign-in-email-code');
    await expectAccessible(page, 'code by e-mail');
    await page.keyboard.type(w.backend.code);
    await page.keyboard.press('Enter');

    // A new user on this computer: the pool asks again; this time the person says no.
    await page.getByRole('group', { name: 'Remember this computer?' }).waitFor();
    await press(page.getByRole('button', { name: "Don't remember it" }));
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
    expect(await page.getByText(`You are signed in to umbrella as ${pat.username}`, { exact: false }).isVisible()).toBe(true);
    expect((await w.service.getDevice('umbrella')).remembered).toBe(false);
  });

  it('signs in with a code by text message to the masked number', async () => {
    await startSignInAs(sam.username, 'Sign in with a code by text message');
    await focused(page.getByLabel('Code from the text message'));
    const where = (await page.getByText(/^We sent a code by text message to /).textContent()) ?? '';
    expect(where).not.toContain('5550109876');
    expect(where).toMatch(/9876/);
    expect(await page.getByRole('button', { name: 'Send a new code' }).count()).toBe(1);
    await expectAccessible(page, 'code by text message');
    await page.keyboard.type(w.backend.code);
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'Remember this computer?' }).waitFor();
    await press(page.getByRole('button', { name: "Don't remember it" }));
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
    expect((await w.service.getAccount('umbrella')).session.username).toBe(sam.username);
  });

  it('a remembered computer skips the authenticator code on the next sign-in', async () => {
    const signInAsTom = async () => {
      await goToAccounts();
      await press(page.getByRole('button', { name: /^Sign in (again )?to umbrella$/ }));
      const username = page.getByLabel('Username', { exact: true });
      await focused(username);
      await username.fill('');
      await page.keyboard.type(tom.username);
      await page.keyboard.press('Enter');
      // The pool offers Tom the password only, so no choice is shown.
      await focused(page.getByLabel('Password', { exact: true }));
      await page.keyboard.type(tom.password);
      await page.keyboard.press('Enter');
    };
    await signInAsTom();
    await focused(page.getByLabel('Code from your authenticator app'));
    await page.keyboard.type(authenticator.generate(tom.totpSecret!));
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'Remember this computer?' }).waitFor();
    await press(page.getByRole('button', { name: 'Remember this computer' }));
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
    const device = await w.service.getDevice('umbrella');
    expect(device.remembered).toBe(true);
    const record = JSON.parse((await keyringStore(w.home).get(secretKeys.device('umbrella', tom.username))) ?? '{}') as Record<string, string>;
    deviceSecrets.push({ label: "tom's device password", value: record.devicePassword! }, { label: "tom's device group key", value: record.deviceGroupKey! });

    await goToAccounts();
    await press(page.getByRole('button', { name: 'Sign out of umbrella', exact: true }));
    await page.getByRole('listitem', { name: 'umbrella', exact: true }).getByText('Needs sign-in', { exact: true }).waitFor();
    expect((await w.service.getDevice('umbrella')).remembered).toBe(true);
    await signInAsTom();
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
    expect(await page.getByLabel('Code from your authenticator app').count()).toBe(0);
    expect(await page.getByRole('group', { name: 'Remember this computer?' }).count()).toBe(0);
  });

  it('never sent a password, code, token, key or device secret over the bridge, except where a person types one', async () => {
    const messages = await recorder.settle();
    const typedIn = (m: { kind: string; name: string }) => m.kind === 'request' && m.name === 'signInAnswer';
    const rules: SecretRule[] = [
      { label: "ursula's password", value: ursula.password, allowedIn: typedIn },
      { label: "tom's password", value: tom.password, allowedIn: typedIn },
      { label: "tom's TOTP seed", value: tom.totpSecret! },
      { label: 'the e-mailed code', value: w.backend.code, allowedIn: typedIn },
      ...deviceSecrets,
      ...w.backend.issued.flatMap((c, i) => [
        { label: `issued secret key #${i}`, value: c.secretAccessKey },
        { label: `issued session token #${i}`, value: c.sessionToken },
        { label: `issued access key id #${i}`, value: c.accessKeyId },
      ]),
    ];
    expect(deviceSecrets).toHaveLength(4);
    expect(findLeaks(messages, rules)).toEqual([]);
    // Ursula typed her password once, Tom twice.
    expect(messages.filter((m) => m.body.includes(ursula.password))).toHaveLength(1);
    expect(messages.filter((m) => m.body.includes(tom.password))).toHaveLength(2);
    expect(messages.filter((m) => m.body.includes(w.backend.code)).every(typedIn)).toBe(true);
    // The new calls did cross the bridge (so their answers were checked above).
    for (const method of ['listPasskeys', 'deletePasskey', 'getDevice', 'forgetDevice']) {
      expect(messages.some((m) => m.kind === 'response' && m.name === method)).toBe(true);
    }
  });

  it('ran without a CSP violation or a script error in the page', () => {
    expect(consoleProblems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
