import type { Browser, Page } from 'playwright-core';
import type { Account } from '../../../main/core/accounts/account.js';
import type { CredentialBroker } from '../../../main/core/credentials/credential-broker.js';
import { composeBroker } from '../../../main/core/composition/compose-broker.js';
import { defaultSessionAuth } from '../../../main/core/credentials/default-session-auth.js';
import { printingFrontEnd, withHostedUi } from '../../../main/core/federation/hosted-ui-session-auth.js';
import { systemBrowserOpener } from '../../../main/core/federation/browser-opener.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redirectUri, signedOutUri } from '../../../main/core/federation/hosted-ui-urls.js';
import { secretKeys } from '../../../main/core/keychain/secret-store.js';
import { freePort } from '../../stand-ins/aws-json.js';
import { brokerWorld, makeStale, type BrokerWorld } from '../../support/broker-world.js';
import { startManagedLogin, type ManagedLoginServer } from '../../stand-ins/managed-login-server.js';
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
  broker = composeBroker(bw.home, {}, { store: bw.store, auth }).broker;
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

  it('refreshes the federated session like a password one: one GetTokensFromRefreshToken, no browser', async () => {
    const opened = shown.length;
    await makeStale(bw, 'default');
    bw.backend.resetCounts();
    const { credentials, source } = await broker.getCredentials(account);
    expect(source).toBe('refresh');
    expect(bw.backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
    expect(bw.backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(0);
    expect(credentials.accessKeyId).toBe(bw.backend.issued.at(-1)!.accessKeyId);
    expect(shown.length).toBe(opened);
  });

  it('signs out by revoking the refresh token and emptying the keychain', async () => {
    const result = await broker.logout(account);
    expect(result.revoked).toBe(true);
    expect(await bw.store.get(secretKeys.refreshToken(account.name))).toBeNull();
    expect((await broker.status(account)).signedIn).toBe(false);
  });

  /** The person opens the URL in a browser without a managed-login session, and signs in. */
  async function signInAsThePerson(url: string): Promise<void> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(url);
    await page.waitForSelector('input[name=username]');
    await page.fill('input[name=username]', bw.user.username);
    await page.fill('input[name=password]', bw.user.password);
    await page.click('button[type=submit]');
  }

  it('opens the browser through $BROWSER as a real process and prints the URL too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'browser-'));
    try {
      const recorded = join(dir, 'url');
      await writeFile(join(dir, 'browser.js'), `require('node:fs').writeFileSync(${JSON.stringify(recorded)}, process.argv[2]);\n`);
      let printed = '';
      const frontEnd = printingFrontEnd((t) => (printed += t), systemBrowserOpener('linux', { BROWSER: `${process.execPath} ${join(dir, 'browser.js')}` }));
      const cliBroker = composeBroker(bw.home, {}, { store: bw.store, auth: (defaults) => withHostedUi(defaults, { ...frontEnd, timeoutMs: 60_000 }) }).broker;
      const signingIn = cliBroker.login(account, { ask: async () => Promise.reject(new Error('no prompt expected')) });
      let url = '';
      for (let i = 0; i < 200 && !url; i++) {
        url = await readFile(recorded, 'utf8').catch(() => '');
        if (!url) await new Promise((r) => setTimeout(r, 25));
      }
      // "The browser" the opener started is played by Chromium visiting what it was handed.
      await signInAsThePerson(url);
      const { session } = await signingIn;
      expect(session.username).toBe(bw.user.username);
      expect(printed).toBe(`Opened your browser to sign in. If it did not open, go to:\n  ${url}\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints the URL when no browser can be opened, and the person finishes the sign-in from it', async () => {
    let printed = '';
    const frontEnd = printingFrontEnd((t) => (printed += t), systemBrowserOpener('linux', {}));
    const cliBroker = composeBroker(bw.home, {}, { store: bw.store, auth: (defaults) => withHostedUi(defaults, { ...frontEnd, timeoutMs: 60_000 }) }).broker;
    const signingIn = cliBroker.login(account, { ask: async () => Promise.reject(new Error('no prompt expected')) });
    for (let i = 0; i < 200 && !printed; i++) await new Promise((r) => setTimeout(r, 25));
    const match = /^Open this address in a browser to sign in:\n {2}(\S+)\n$/.exec(printed);
    expect(match).not.toBeNull();
    await signInAsThePerson(match![1]!);
    expect((await signingIn).session.username).toBe(bw.user.username);
  });
});
