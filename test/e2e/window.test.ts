import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UpdateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { authenticator } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { roleArn, seedWorld, type SeededUser, type World } from '../stand-ins/seed.js';
import { launchChromium } from './chromium.js';
import { screenshot } from './screenshots.js';
import { expectAccessible, openWindow, screenshotIfFailed } from './window-page.js';
import { appAccountInput } from '../support/app-harness.js';
import { startWindowWorld, type WindowWorld } from './window-world.js';
import { findLeaks, WireRecorder, type SecretRule } from './wire-recorder.js';

const run = promisify(execFile);
const WRONG_PASSWORD = 'Not-the-right-Pw-1!';
/** expect.poll with room for a loaded 2-core machine (its default gives up after one second). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

/**
 * The window end to end: Debian's Chromium, through the HTTP bridge, against the real AppApi implementation,
 * the project's backend and the real keychain. The steps build on each other (one person's afternoon), so
 * they share one page and run in order.
 */
describe('the window, end to end in Chromium', () => {
  let w: WindowWorld;
  let acme: World;
  let globex: World;
  let alice: SeededUser;
  let bob: SeededUser;
  let carol: SeededUser;
  let hooli: World;
  let dave: SeededUser;
  const davesNewPassword = `New-${Date.now().toString(36)}-Pw!9`;
  let browser: Browser;
  let page: Page;
  const recorder = new WireRecorder();
  const consoleProblems: string[] = [];
  let bobSeed = '';
  let stopRecording: () => void = () => undefined;

  beforeAll(async () => {
    w = await startWindowWorld();
    acme = await seedWorld(w.backend, { poolName: 'acme' });
    globex = await seedWorld(w.backend, { poolName: 'globex', mfa: 'ON' });
    alice = await acme.totpUser(['admins', 'developers'], { username: 'alice', email: 'alice@example.com', tenantId: 'acme-tenant-7' });
    bob = await globex.mfaSetupUser(['developers'], { username: 'bob' });
    carol = await acme.totpUser(['admins', 'developers'], { username: 'carol', tenantId: 'initech-tenant-3' });
    hooli = await seedWorld(w.backend, { poolName: 'hooli' });
    await w.backend.userPoolClient().send(
      new UpdateUserPoolCommand({
        UserPoolId: hooli.userPoolId,
        Policies: { PasswordPolicy: { MinimumLength: 12, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true } },
      }),
    );
    dave = await hooli.newPasswordUser(['developers'], { username: 'dave' });
    browser = await launchChromium();
    ({ page, stopRecording } = await openWindow(browser, w, recorder, consoleProblems, { permissions: ['clipboard-read', 'clipboard-write'] }));
  });

  afterAll(async () => {
    stopRecording();
    await browser?.close();
    await w?.stop();
  });

  afterEach(({ task }) => screenshotIfFailed(page, task, 'failed-', 60));

  async function goTo(section: 'Accounts' | 'Activity' | 'Settings') {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: section }).click();
    await poll(() => page.getByRole('heading', { level: 1, name: section }).isVisible()).toBe(true);
  }

  it('is served as a strict-CSP page: no inline script, no eval in the bundle', async () => {
    const html = await (await fetch(w.bridge.origin + '/')).text();
    expect(html).toMatch(/<meta\s+http-equiv="Content-Security-Policy"/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const bundles = [...html.matchAll(/src="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(bundles.length).toBeGreaterThan(0);
    for (const bundle of bundles) {
      const js = await (await fetch(`${w.bridge.origin}/${bundle}`)).text();
      expect(js).not.toMatch(/\beval\(|new Function\(/);
    }
  });

  it('starts with no accounts and says what to do', async () => {
    await page.getByText('No accounts yet.').waitFor();
    await screenshot(page, '01-accounts-empty');
    await expectAccessible(page, 'accounts (empty)');
  });

  it('adds an account through the form, tested against the pools before saving', async () => {
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByLabel('Account name').fill('acme');
    await page.getByLabel('User pool id').fill(acme.userPoolId);
    await page.getByLabel('Region').fill(acme.region);
    await page.getByLabel('App client id').fill(acme.clientId);
    await page.getByLabel('Identity pool id').fill(acme.identityPoolId);
    await page.getByLabel('Username').fill(alice.username);
    await page.getByText('Custom endpoints').click();
    await page.getByLabel('User pool endpoint').fill(w.backend.userPoolEndpoint);
    await page.getByLabel('Identity pool endpoint').fill(w.backend.identityEndpoint);
    await page.getByRole('button', { name: 'Test settings' }).click();
    const results = page.getByRole('list', { name: 'Settings test results' });
    await results.waitFor();
    const tested = (await results.textContent()) ?? '';
    await screenshot(page, '02-account-form');
    await expectAccessible(page, 'account form');
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('heading', { level: 1, name: 'acme' }).waitFor();
    expect((await w.service.getAccount('acme')).endpoints?.cognitoIdentity).toBe(w.backend.identityEndpoint);
    // Checked last so a failing settings test still lets the steps after this one run.
    expect(tested).toMatch(/User pool: reached\..*Identity pool: reached\./s);
  });

  it('signs in with SRP and a TOTP code, keyboard only, focus moving to each next field', async () => {
    await goTo('Accounts');
    await page.getByRole('button', { name: 'Sign in to acme' }).click();
    const password = page.getByLabel('Password', { exact: true });
    await poll(() => password.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(alice.password);
    await screenshot(page, '03-sign-in-password');
    await expectAccessible(page, 'sign-in password');
    await page.keyboard.press('Enter');
    const code = page.getByLabel('Code from your authenticator app');
    await code.waitFor();
    expect(await code.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, '04-sign-in-totp');
    await expectAccessible(page, 'sign-in TOTP');
    // A wrong code first: the window says why and keeps the person on the same step.
    const right = authenticator.generate(alice.totpSecret!);
    await page.keyboard.type(right === '000000' ? '111111' : '000000');
    await page.keyboard.press('Enter');
    await page.getByText('That code is not right.', { exact: false }).waitFor();
    expect(await page.getByLabel('Code from your authenticator app').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(authenticator.generate(alice.totpSecret!));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
    await screenshot(page, '05-sign-in-done');
    await page.keyboard.press('Enter'); // "Back to accounts" has focus
    const card = page.getByRole('listitem', { name: 'acme' });
    await card.getByText('Signed in', { exact: true }).waitFor();
    expect(await card.textContent()).toContain('BrokerAdmin');
    expect(await card.textContent()).toMatch(/Credentials\s*expire in \d+ min/);
  });

  it('changes the default role, and the credentials the AWS CLI gets follow it', async () => {
    // A second account of the same pool, whose user signs in like a real one: SRP, then a TOTP code. The new
    // role must come from renewing that session, without signing in again.
    await w.service.addAccount(appAccountInput('initech', acme, { username: carol.username }));
    const card = page.getByRole('listitem', { name: 'initech' });
    await card.getByRole('button', { name: 'Sign in to initech' }).click();
    const password = page.getByLabel('Password', { exact: true });
    await poll(() => password.evaluate((el) => el === document.activeElement)).toBe(true);
    // A wrong password first: the window says what to do next to the field, empty and focused again.
    await page.keyboard.type(WRONG_PASSWORD);
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: /password/i })
      .waitFor();
    expect(await page.getByLabel('Username', { exact: true }).getAttribute('readonly')).not.toBeNull();
    expect(await password.inputValue()).toBe('');
    await poll(() => password.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(carol.password);
    await page.keyboard.press('Enter');
    const code = page.getByLabel('Code from your authenticator app');
    await code.waitFor();
    await poll(() => code.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(authenticator.generate(carol.totpSecret!));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
    await page.keyboard.press('Enter');

    // Make it the active account: the active profile in the AWS config now runs this broker for initech.
    await card.getByRole('button', { name: 'Make active (initech)' }).click();
    await card.getByText('Active', { exact: true }).waitFor();
    const profile = (await w.service.getSettings()).activeProfileName;
    const awsCli = async () => {
      const { stdout } = await run('/usr/bin/aws', ['configure', 'export-credentials', '--profile', profile, '--format', 'process'], { env: w.env });
      return JSON.parse(stdout) as { AccessKeyId: string };
    };
    const before = await awsCli();
    expect(w.backend.issued.find((c) => c.accessKeyId === before.AccessKeyId)?.roleArn).toBe(roleArn('BrokerAdmin'));

    await card.getByRole('button', { name: 'Details of initech' }).click();
    await page.getByRole('table', { name: `Groups of ${carol.username}` }).waitFor();
    expect(await page.getByText('custom:tenant_id').isVisible()).toBe(true);
    expect(await page.getByText('initech-tenant-3').isVisible()).toBe(true);
    // One truth per fact: a precedence the ID token does not carry is said so (not "none"); MFA is stated once, as Cognito reports it.
    const groupCells = page.getByRole('table', { name: `Groups of ${carol.username}` }).getByRole('cell', { name: 'not told by the pool', exact: true });
    expect(await groupCells.count()).toBe(2);
    const mfa = page.locator('.card', { has: page.getByRole('heading', { name: 'Multi-factor authentication' }) });
    await poll(() => mfa.locator('dd').first().textContent()).toBe('Authenticator app');
    expect(await page.getByText(/not reported/i).count()).toBe(0);
    await page.getByRole('radio', { name: /BrokerDeveloper/ }).check();
    await screenshot(page, '06-account-details');
    await expectAccessible(page, 'account details');
    await page.getByRole('button', { name: 'Use as default role' }).click();
    await page.getByText('Default role is now BrokerDeveloper. New credentials use it.').waitFor();
    await poll(() => page.getByText(/^Credentials now use/).textContent()).toContain('BrokerDeveloper');

    const after = await awsCli();
    expect(after.AccessKeyId).not.toBe(before.AccessKeyId);
    const issued = w.backend.issued.find((c) => c.accessKeyId === after.AccessKeyId);
    expect(issued?.roleArn).toBe(roleArn('BrokerDeveloper'));
    expect(issued?.reason).toBe('custom-role');
    await goTo('Accounts');
    await poll(() => page.getByRole('listitem', { name: 'initech' }).textContent()).toMatch(/expire in \d+ min.*BrokerDeveloper/s);
  });

  it('imports an account from a JSON file and enrols TOTP for a new user', async () => {
    await goTo('Accounts');
    const file = join(w.tmp, 'globex.json');
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        accounts: [
          {
            name: 'globex',
            region: globex.region,
            userPoolId: globex.userPoolId,
            clientId: globex.clientId,
            identityPoolId: globex.identityPoolId,
            username: bob.username,
            endpoints: { cognitoIdentityProvider: w.backend.userPoolEndpoint, cognitoIdentity: w.backend.identityEndpoint },
          },
        ],
      }),
    );
    await page.getByLabel('Import from file…').setInputFiles(file);
    await page.getByText('Imported globex.').waitFor();
    await page.getByRole('button', { name: 'Sign in to globex' }).click();
    await page.getByLabel('Password', { exact: true }).fill(bob.password);
    await page.keyboard.press('Enter');
    const key = page.getByLabel('Key to type into the app');
    await key.waitFor();
    bobSeed = ((await key.textContent()) ?? '').replace(/\s+/g, '');
    expect(bobSeed).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await page.getByRole('img', { name: 'QR code to scan with your authenticator app' }).isVisible()).toBe(true);
    expect(await page.getByLabel('First code from the app').evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, '07-sign-in-mfa-setup');
    await expectAccessible(page, 'TOTP enrolment');
    await page.keyboard.type(authenticator.generate(bobSeed));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
    // The seed is gone from the window once enrolment ends.
    expect(await page.content()).not.toContain(bobSeed.slice(0, 8));
    expect((await w.backend.mfaFactors(globex.userPoolId, bob.username)).enabled).toContain('SOFTWARE_TOKEN_MFA');
  });

  it('asks a new user for a new password, the pool policy checked as they type', async () => {
    await page.getByRole('button', { name: 'Back to accounts' }).click();
    await w.service.addAccount(appAccountInput('hooli', hooli, { username: dave.username }));
    await page.getByRole('button', { name: 'Sign in to hooli' }).click();
    await page.getByLabel('Password', { exact: true }).fill(dave.password);
    await page.keyboard.press('Enter');
    const fresh = page.getByLabel('New password', { exact: true });
    await fresh.waitFor();
    expect(await fresh.evaluate((el) => el === document.activeElement)).toBe(true);
    const rules = page.getByRole('list', { name: 'Password rules' });
    expect(await rules.getByText(/: not yet/).count()).toBe(5);
    await page.keyboard.type('short1');
    expect(await rules.getByText(/: met/).count()).toBe(2);
    await screenshot(page, '07b-sign-in-new-password');
    await expectAccessible(page, 'new password');
    await fresh.fill(davesNewPassword);
    expect(await rules.getByText(/: not yet/).count()).toBe(0);
    await page.getByLabel('New password again').fill(davesNewPassword);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
    expect((await w.service.getAccount('hooli')).session.state).toBe('signed-in');
  });

  it('makes another account active', async () => {
    await page.getByRole('button', { name: 'Back to accounts' }).click();
    const globexCard = page.getByRole('listitem', { name: 'globex' });
    await globexCard.getByRole('button', { name: 'Make active (globex)' }).click();
    await globexCard.getByText('Active', { exact: true }).waitFor();
    await poll(() => page.getByRole('listitem', { name: 'initech' }).getByText('Active', { exact: true }).count()).toBe(0);
    const config = await readFile(w.awsConfigFile, 'utf8');
    const profile = (await w.service.getSettings()).activeProfileName;
    const section = config.split(/\n(?=\[)/).find((s) => s.startsWith(`[profile ${profile}]`)) ?? '';
    expect(section).toMatch(/credential_process = .*globex/);
    expect(config).toContain('[profile mine]\nregion = eu-north-1');
    // Export lines name a profile (a credential-process reference), never the keys themselves.
    await globexCard.getByRole('button', { name: 'Copy export lines for globex' }).click();
    const lines = (await page.getByLabel('Export lines for globex').textContent()) ?? '';
    expect(lines).toMatch(/^export AWS_PROFILE=\S+$/m);
    expect(lines).toContain(`export AWS_REGION=${globex.region}`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(lines);
    await page.getByRole('button', { name: 'Close' }).click();
    await screenshot(page, '08-accounts');
    await expectAccessible(page, 'accounts');
  });

  it('signs out', async () => {
    const card = page.getByRole('listitem', { name: 'acme' });
    await card.getByRole('button', { name: 'Sign out of acme' }).click();
    await card.getByText('Needs sign-in', { exact: true }).waitFor();
    expect((await w.service.getAccount('acme')).session.state).toBe('needs-sign-in');
  });

  it('shows the activity log newest first, and the settings', async () => {
    await goTo('Activity');
    const list = page.getByRole('list', { name: 'Activity, newest first' });
    await list.waitFor();
    const first = await list.getByRole('listitem').first().textContent();
    expect(first).toContain('Signed out of acme');
    expect(await list.textContent()).toContain('Signed in to acme as alice');
    await screenshot(page, '09-activity');
    await expectAccessible(page, 'activity');
    await goTo('Settings');
    await page.getByLabel('Active profile name').waitFor();
    await page.getByLabel('Warn before expiry (minutes)').fill('20');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').waitFor();
    expect((await w.service.getSettings()).notificationLeadMinutes).toBe(20);
    await screenshot(page, '10-settings');
    await expectAccessible(page, 'settings');
  });

  it('never sent a token, key, seed or password over the bridge, except where a person types or must see one', async () => {
    const messages = await recorder.settle();
    expect(messages.filter((m) => m.kind === 'request').length).toBeGreaterThan(20);
    expect(messages.some((m) => m.kind === 'event')).toBe(true);
    const once = (kind: 'request' | 'response', method: string) => (m: { kind: string; name: string }) => m.kind === kind && m.name === method;
    const rules: SecretRule[] = [
      { label: "alice's password", value: alice.password, allowedIn: once('request', 'signInAnswer') },
      { label: "bob's password", value: bob.password, allowedIn: once('request', 'signInAnswer') },
      { label: "carol's password", value: carol.password, allowedIn: once('request', 'signInAnswer') },
      { label: 'the mistyped password', value: WRONG_PASSWORD, allowedIn: once('request', 'signInAnswer') },
      { label: "dave's temporary password", value: dave.password, allowedIn: once('request', 'signInAnswer') },
      { label: "dave's new password", value: davesNewPassword, allowedIn: once('request', 'signInAnswer') },
      { label: "alice's TOTP seed", value: alice.totpSecret! },
      { label: "carol's TOTP seed", value: carol.totpSecret! },
      { label: "bob's TOTP seed", value: bobSeed, allowedIn: once('response', 'signInAnswer') },
      ...w.backend.issued.flatMap((c, i) => [
        { label: `issued secret key #${i}`, value: c.secretAccessKey },
        { label: `issued session token #${i}`, value: c.sessionToken },
        { label: `issued access key id #${i}`, value: c.accessKeyId },
      ]),
    ];
    expect(findLeaks(messages, rules)).toEqual([]);
    // The allowed places are exactly one message each.
    expect(messages.filter((m) => m.body.includes(alice.password))).toHaveLength(1);
    expect(messages.filter((m) => m.body.includes(bob.password))).toHaveLength(1);
    expect(messages.filter((m) => m.body.includes(carol.password))).toHaveLength(1);
    expect(messages.filter((m) => m.body.includes(WRONG_PASSWORD))).toHaveLength(1);
    expect(messages.filter((m) => m.body.includes(dave.password))).toHaveLength(1);
    expect(messages.filter((m) => m.body.includes(davesNewPassword))).toHaveLength(1);
    expect(messages.filter((m) => m.body.includes(bobSeed))).toHaveLength(1);
    expect(w.backend.issued.length).toBeGreaterThanOrEqual(2);
  });

  it('ran without a CSP violation or a script error in the page', () => {
    expect(consoleProblems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
