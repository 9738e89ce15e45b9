import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView, ActivityEntry, SignInProgress } from '../../../main/contract/app-api.js';
import { dispatch } from '../../../main/core/api/dispatch.js';
import type { CallResponse, EventMessage } from '../../../main/contract/transport.js';
import type { AppService } from '../../../main/core/app/app-service.js';
import { redirectUri, signedOutUri } from '../../../main/core/federation/hosted-ui-urls.js';
import { keyringStore } from '../../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../../main/core/keychain/secret-store.js';
import { freePort } from '../../stand-ins/aws-json.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type SeededUser, type World } from '../../stand-ins/seed.js';
import { startManagedLogin, type ManagedLoginServer } from '../../stand-ins/managed-login-server.js';
import { launchChromium } from '../federation/chromium.js';
import { appAccountInput, appCaller, appSandbox, closeAppSandbox } from '../../support/app-harness.js';
import { usePrivateKeychain } from '../../support/private-keychain.js';

/**
 * Managed login through the app, the way the window drives it: signInStart answers with the 'browser' step
 * and the browser (headless Chromium as the injected opener, standing in for shell.openExternal) is sent
 * to the authorize address; signInAnswer(flowId, '') waits for the outcome. Real test backend, managed-login
 * stand-in in front of it, real keychain.
 */
let backend: Backend;
let world: World;
let user: SeededUser;
let login: ManagedLoginServer;
let browser: Browser;
let page: Page;
let dir: string;
let home: string;
let service: AppService;
let port: number;
const opened: string[] = [];
const responses: CallResponse[] = [];
const events: EventMessage[] = [];

const call = appCaller(() => service, responses);

async function fillLoginForm(): Promise<void> {
  await page.waitForSelector('input[name=username]');
  await page.fill('input[name=username]', user.username);
  await page.fill('input[name=password]', user.password);
  await page.click('button[type=submit]');
}

async function activity(): Promise<ActivityEntry[]> {
  return call<ActivityEntry[]>('listActivity', 1000);
}

let keychain: Awaited<ReturnType<typeof usePrivateKeychain>> | undefined;
beforeAll(async () => {
  keychain = await usePrivateKeychain();
  backend = await startBackend();
  world = await seedWorld(backend);
  user = await world.plainUser(['developers']);
  port = await freePort();
  const hostedUi = { domain: '', scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'], redirectPort: port, redirectPath: '/callback' };
  login = await startManagedLogin({
    userPoolEndpoint: backend.userPoolEndpoint,
    region: backend.region,
    clients: [{ clientId: world.clientId, callbackUrls: [redirectUri(hostedUi)], logoutUrls: [signedOutUri(hostedUi)] }],
  });
  browser = await launchChromium();
  // A fresh context: no managed-login cookie from anywhere else.
  page = await (await browser.newContext()).newPage();
  ({ dir, home, service } = await appSandbox('cb-app-fed-', {
    open: async (url) => {
      opened.push(url);
      void page.goto(url).catch(() => undefined);
      return true;
    },
    browserSignOutTimeoutMs: 30_000,
  }));
  service.events.subscribe((m) => events.push(m));
  await call('addAccount', appAccountInput('fed', world, { hostedUi: { ...hostedUi, domain: login.domain } }));
});

afterAll(async () => {
  await closeAppSandbox({ dir, home, service }, ['fed']);
  await browser?.close();
  await login?.stop();
  await backend?.stop();
  await keychain?.restore();
});

describe('managed login in the app', () => {
  it("answers signInStart with the 'browser' step, opens the authorize address, and signs in once the browser comes back", async () => {
    const start = await call<SignInProgress>('signInStart', 'fed');
    expect(start.step.kind).toBe('browser');
    if (start.step.kind !== 'browser') return;
    const authorize = new URL(start.step.url);
    expect(authorize.origin).toBe(login.domain);
    expect(authorize.pathname).toBe('/oauth2/authorize');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`http://localhost:${port}/callback`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(opened.at(-1)).toBe(start.step.url);

    const outcome = call<SignInProgress>('signInAnswer', start.flowId, '');
    await fillLoginForm();
    const done = await outcome;
    expect(done.step, JSON.stringify(done.step)).toMatchObject({ kind: 'done', session: { state: 'signed-in', username: user.username } });
    expect(await keyringStore(home).get(secretKeys.refreshToken('fed'))).toBeTruthy();
    const fed = await call<AccountView>('getAccount', 'fed');
    expect(fed.session.state).toBe('signed-in');
    expect(fed.hostedUi?.domain).toBe(login.domain);
    expect((await activity()).some((e) => e.kind === 'sign-in' && e.message === `Signed in to fed as ${user.username}.`)).toBe(true);
  });

  it('signing out revokes the session and ends the browser session through /logout', async () => {
    await call('signOut', 'fed');
    expect(await keyringStore(home).get(secretKeys.refreshToken('fed'))).toBeNull();
    const logout = new URL(opened.at(-1)!);
    expect(logout.origin + logout.pathname).toBe(`${login.domain}/logout`);
    expect(logout.searchParams.get('logout_uri')).toBe(`http://localhost:${port}/signed-out`);
    await expect
      .poll(async () => (await activity()).some((e) => e.message === 'Ended the managed-login browser session of fed.'), { timeout: 20_000 })
      .toBe(true);
  });

  it('keeps the outcome of a sign-in that finished before the window asked for it, and asks for the password again after sign-out', async () => {
    const start = await call<SignInProgress>('signInStart', 'fed');
    expect(start.step.kind).toBe('browser');
    // The managed-login cookie was cleared by the sign-out: the login page is shown again.
    await fillLoginForm();
    await page.waitForURL(/^http:\/\/localhost:\d+\/callback\?/);
    expect(await page.textContent('body')).toContain('You can close this tab');
    // Recorded and announced without the window asking (it may have been closed).
    await expect.poll(async () => (await activity()).filter((e) => e.kind === 'sign-in').length, { timeout: 20_000 }).toBe(2);
    expect(events.filter((e) => e.event === 'accounts-changed' && (e.payload as { reason: string }).reason === 'signed in')).toHaveLength(2);
    const done = await call<SignInProgress>('signInAnswer', start.flowId, '');
    expect(done.step.kind).toBe('done');
    expect((await activity()).filter((e) => e.kind === 'sign-in')).toHaveLength(2);
  });

  it('cancels a browser sign-in: the flow ends, nothing is recorded as a failure, and the port is free for the next one', async () => {
    const before = (await activity()).length;
    const start = await call<SignInProgress>('signInStart', 'fed');
    expect(start.step.kind).toBe('browser');
    await call('signInCancel', start.flowId);
    const gone = await dispatch(service, { method: 'signInAnswer', args: [start.flowId, ''] });
    expect(gone).toEqual({ ok: false, error: { code: 'invalid-argument', message: 'This sign-in has ended or timed out.', hint: 'Start the sign-in again.' } });
    expect((await activity()).slice(0, (await activity()).length - before).filter((e) => e.kind === 'sign-in-failed')).toEqual([]);

    const again = await call<SignInProgress>('signInStart', 'fed');
    expect(again.step.kind).toBe('browser');
    await call('signInCancel', again.flowId);
  });

  it("names the account's identity provider in the browser step and sends the browser straight to it", async () => {
    // Signed out first, so the browser has no managed-login session that would skip the page.
    await call('signOut', 'fed');
    await expect
      .poll(async () => (await activity()).filter((e) => e.message === 'Ended the managed-login browser session of fed.').length, { timeout: 20_000 })
      .toBe(2);
    const fed = await call<AccountView>('getAccount', 'fed');
    const { session: _s, active: _a, profiles: _p, hasClientSecret: _h, ...settings } = fed;
    await call('updateAccount', 'fed', { ...settings, hostedUi: { ...fed.hostedUi!, identityProvider: 'Google' } });
    const start = await call<SignInProgress>('signInStart', 'fed');
    expect(start.step).toEqual({ kind: 'browser', url: expect.any(String), identityProvider: 'Google' });
    if (start.step.kind !== 'browser') return;
    expect(new URL(start.step.url).searchParams.get('identity_provider')).toBe('Google');
    await expect.poll(() => page.title(), { timeout: 20_000 }).toBe('Sign in with Google');
    await call('signInCancel', start.flowId);
  });

  it('sends no token outward in any of these calls', () => {
    const text = JSON.stringify(responses);
    expect(text).not.toMatch(/eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]{4,}/);
    expect(text).not.toMatch(/"(refreshToken|accessToken|idToken)"/);
  });
});
