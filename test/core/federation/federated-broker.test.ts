import type { Browser, Page } from 'playwright-core';
import type { Account } from '../../../main/core/accounts/account.js';
import { CredentialBroker } from '../../../main/core/credentials/credential-broker.js';
import { defaultSessionAuth } from '../../../main/core/credentials/default-session-auth.js';
import { withHostedUi } from '../../../main/core/federation/hosted-ui-session-auth.js';
import { redirectUri, signedOutUri } from '../../../main/core/federation/hosted-ui-urls.js';
import { secretKeys } from '../../../main/core/keychain/secret-store.js';
import { freePort } from '../../backend/aws-json.js';
import { brokerWorld, makeStale, type BrokerWorld } from '../credentials/broker-world.js';
import { startManagedLogin, type ManagedLoginServer } from '../../federation/managed-login-server.js';
import { launchChromium } from './chromium.js';

/**
 * A federated account through the broker, end to end: the managed login in headless Chromium, then the same
 * token verification, identity-pool exchange, keychain, refresh and sign-out as a password account — the
 * real test backend, the real Secret Service.
 */
let bw: BrokerWorld;
let login: ManagedLoginServer;
let browser: Browser;
let page: Page;
let account: Account;
let broker: CredentialBroker;
const shown: Array<{ url: string; opened: boolean }> = [];

beforeAll(async () => {
  bw = await brokerWorld({ name: 'federated', groups: ['developers'] });
  const port = await freePort();
  const hostedUi = { domain: '', scopes: ['openid', 'email', 'profile'], redirectPort: port, redirectPath: '/callback' };
  login = await startManagedLogin({
    userPoolEndpoint: bw.backend.userPoolEndpoint,
    region: bw.backend.region,
    clients: [{ clientId: bw.world.clientId, callbackUrls: [redirectUri(hostedUi)], logoutUrls: [signedOutUri(hostedUi)] }],
  });
  hostedUi.domain = login.domain;
  account = { ...bw.account, hostedUi };
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  const auth = withHostedUi(defaultSessionAuth, {
    open: async (url) => {
      void page.goto(url).catch(() => undefined);
      return true;
    },
    showUrl: (url, opened) => shown.push({ url, opened }),
    timeoutMs: 60_000,
  });
  broker = new CredentialBroker({ home: bw.home, store: bw.store, auth, env: {} });
});

afterAll(async () => {
  await browser?.close();
  await login?.stop();
  await bw?.cleanup();
});

describe('a federated account through the credential broker', () => {
  it('signs in through the browser and gets identity-pool credentials kept in the keychain', async () => {
    const prompts: string[] = [];
    const signingIn = broker.login(account, {
      ask: async (prompt) => {
        prompts.push(prompt.kind);
        throw new Error('a federated sign-in must not ask for a password');
      },
      info: () => undefined,
    });
    await page.waitForSelector('input[name=username]');
    await page.fill('input[name=username]', bw.user.username);
    await page.fill('input[name=password]', bw.user.password);
    await page.click('button[type=submit]');
    const { session, credentials } = await signingIn;

    expect(prompts).toEqual([]);
    expect(shown.at(-1)?.opened).toBe(true);
    expect(session.username).toBe(bw.user.username);
    expect(session.groups.map((g) => g.name)).toEqual(['developers']);
    const issued = bw.backend.issued.at(-1)!;
    expect(credentials.accessKeyId).toBe(issued.accessKeyId);
    expect(credentials.secretAccessKey).toBe(issued.secretAccessKey);
    expect(await bw.store.get(secretKeys.refreshToken(account.name))).toBeTruthy();
    expect((await broker.status(account)).signedIn).toBe(true);
  });

  it('refreshes the federated session like a password one: one REFRESH_TOKEN_AUTH, no browser', async () => {
    const opened = shown.length;
    await makeStale(bw, 'default');
    bw.backend.resetCounts();
    const { credentials, source } = await broker.getCredentials(account);
    expect(source).toBe('refresh');
    expect(bw.backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(1);
    expect(credentials.accessKeyId).toBe(bw.backend.issued.at(-1)!.accessKeyId);
    expect(shown.length).toBe(opened);
  });

  it('signs out by revoking the refresh token and emptying the keychain', async () => {
    const result = await broker.logout(account);
    expect(result.revoked).toBe(true);
    expect(await bw.store.get(secretKeys.refreshToken(account.name))).toBeNull();
    expect((await broker.status(account)).signedIn).toBe(false);
  });
});
