import type { Browser, Page } from 'playwright-core';
import { signInWithHostedUi, endHostedUiSession } from '../../../main/core/federation/hosted-ui-sign-in.js';
import { exchangeAuthorizationCode, refreshAtTokenEndpoint, revokeAtTokenEndpoint } from '../../../main/core/federation/oauth-token-client.js';
import { redirectUri, signedOutUri } from '../../../main/core/federation/hosted-ui-urls.js';
import { verifyIdToken } from '../../../main/core/auth/token-verifier.js';
import type { HostedUiSettings } from '../../../main/core/accounts/account.js';
import { freePort } from '../../stand-ins/aws-json.js';
import { startUserPool, REGION, type UserPoolFixture } from '../../stand-ins/user-pool-fixture.js';
import { startManagedLogin, type ManagedLoginServer } from '../../stand-ins/managed-login-server.js';
import { launchChromium } from './chromium.js';
import { CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejection } from '../../support/rejection.js';

/**
 * End to end: the core's federated sign-in with the system browser played by real headless Chromium, the
 * managed login played by the stand-in in front of a real user pool (cognito-local), and the tokens checked
 * against that pool's JWKS.
 */
let pool: UserPoolFixture;
let login: ManagedLoginServer;
let browser: Browser;
let port: number;
let hostedUi: HostedUiSettings;
let confidential: { clientId: string; clientSecret: string };
const USER = 'fed-user';
const PASSWORD = 'Federated-Passw0rd';

beforeAll(async () => {
  pool = await startUserPool();
  await pool.createUser(USER, PASSWORD, { email: 'fed-user@example.com' });
  port = await freePort();
  hostedUi = { domain: '', scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'], redirectPort: port, redirectPath: '/callback' };
  const created = await pool.admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: pool.userPoolId,
      ClientName: 'confidential',
      GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  confidential = { clientId: created.UserPoolClient!.ClientId!, clientSecret: created.UserPoolClient!.ClientSecret! };
  login = await startManagedLogin({
    userPoolEndpoint: pool.endpoint,
    region: REGION,
    clients: [
      { clientId: pool.clientId, callbackUrls: [redirectUri(hostedUi)], logoutUrls: [signedOutUri(hostedUi)] },
      { ...confidential, callbackUrls: [redirectUri(hostedUi)], logoutUrls: [signedOutUri(hostedUi)] },
    ],
  });
  hostedUi.domain = login.domain;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await login?.stop();
  await pool?.stop();
});

const account = () => ({
  name: 'fed',
  region: REGION,
  userPoolId: pool.userPoolId,
  clientId: pool.clientId,
  endpoints: { cognitoIdentityProvider: pool.endpoint },
});

/** A page in a fresh context: no managed-login cookie from another test. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** The injected opener: Chromium navigating to the URL, as the system browser would. */
function chromiumOpener(page: Page) {
  return async (url: string) => {
    void page.goto(url).catch(() => undefined);
    return true;
  };
}

async function fillLoginForm(page: Page, password = PASSWORD): Promise<void> {
  await page.waitForSelector('input[name=username]');
  await page.fill('input[name=username]', USER);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

describe('federated sign-in through the managed login and a loopback redirect', () => {
  it('signs in in Chromium, shows the closing page, and returns tokens that verify against the pool JWKS', async () => {
    const page = await newPage();
    const shown: Array<{ url: string; opened: boolean }> = [];
    const signIn = signInWithHostedUi({
      hostedUi,
      clientId: pool.clientId,
      open: chromiumOpener(page),
      showUrl: (url, opened) => shown.push({ url, opened }),
      timeoutMs: 60_000,
    });
    await fillLoginForm(page);
    const tokens = await signIn;

    await page.waitForURL(/^http:\/\/localhost:\d+\/callback\?/);
    expect(await page.textContent('body')).toContain('You can close this tab');
    expect(shown).toHaveLength(1);
    expect(shown[0]!.opened).toBe(true);
    const authorize = new URL(shown[0]!.url);
    expect(authorize.pathname).toBe('/oauth2/authorize');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`http://localhost:${port}/callback`);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{32}$/);

    const claims = await verifyIdToken(account(), tokens.idToken, {});
    expect(claims['cognito:username']).toBe(USER);
    expect(claims.email).toBe('fed-user@example.com');
    expect(tokens.username).toBe(USER);
    expect(tokens.refreshToken).toBeTruthy();

    // Refresh at the token endpoint gives new tokens for the same user; revoking ends that.
    const client = { domain: hostedUi.domain, clientId: pool.clientId };
    const refreshed = await refreshAtTokenEndpoint(client, tokens.refreshToken!);
    expect((await verifyIdToken(account(), refreshed.idToken, {}))['cognito:username']).toBe(USER);
    await revokeAtTokenEndpoint(client, tokens.refreshToken!);
    const afterRevoke = await rejection(refreshAtTokenEndpoint(client, tokens.refreshToken!));
    expect(afterRevoke.code).toBe('auth-failed');
    expect(afterRevoke.message).toContain('invalid_grant');

    // The listener took exactly one callback and is gone: a replay of the redirect reaches nothing.
    const replay = await page.goto(page.url()).then(
      () => 'answered',
      (e: Error) => e.message,
    );
    expect(replay).toMatch(/ERR_CONNECTION_REFUSED/);
    await page.context().close();
  });

  it('refuses a replayed authorization code at the token endpoint', async () => {
    const page = await newPage();
    let exchange: URLSearchParams | undefined;
    const recordingFetch: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/oauth2/token')) exchange = new URLSearchParams(String(init?.body));
      return fetch(input, init);
    };
    const signIn = signInWithHostedUi({
      hostedUi,
      clientId: pool.clientId,
      open: chromiumOpener(page),
      showUrl: () => undefined,
      timeoutMs: 60_000,
      fetch: recordingFetch,
    });
    await fillLoginForm(page);
    await signIn;
    expect(exchange?.get('grant_type')).toBe('authorization_code');

    const replayed = await rejection(
      exchangeAuthorizationCode(
        { domain: hostedUi.domain, clientId: pool.clientId },
        { code: exchange!.get('code')!, redirectUri: exchange!.get('redirect_uri')!, codeVerifier: exchange!.get('code_verifier')! },
      ),
    );
    expect(replayed.code).toBe('auth-failed');
    expect(replayed.describe()).toMatch(/already used.*invalid_grant[\s\S]*Sign in again/);
    await page.context().close();
  });

  it('refuses a callback whose state does not match with a refusal page, and keeps waiting for the real one', async () => {
    const page = await newPage();
    const lured = await newPage();
    const forged = `http://localhost:${port}/callback?code=forged-code&state=not-the-state`;
    const exchangesBefore = login.counts.get('token:authorization_code') ?? 0;
    let exchanged: string | undefined;
    const recordingFetch: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/oauth2/token')) exchanged = new URLSearchParams(String(init?.body)).get('code') ?? undefined;
      return fetch(input, init);
    };
    const signIn = signInWithHostedUi({
      hostedUi,
      clientId: pool.clientId,
      open: async (url) => {
        // A page the person was lured to fires the callback before the real sign-in finishes.
        await lured.goto(forged).catch(() => undefined);
        void page.goto(url).catch(() => undefined);
        return true;
      },
      showUrl: () => undefined,
      timeoutMs: 60_000,
      fetch: recordingFetch,
    });
    await lured.waitForURL(forged);
    expect(await lured.textContent('h1')).toBe('Sign-in refused');
    // The forged callback did not end the flow: the real sign-in still finishes and is the one exchanged.
    await fillLoginForm(page);
    const tokens = await signIn;
    expect(tokens.idToken).toBeTruthy();
    expect(exchanged).not.toBe('forged-code');
    expect(login.counts.get('token:authorization_code')).toBe(exchangesBefore + 1);
    await page.context().close();
    await lured.context().close();
  });

  it('passes an error from the managed login on as a clear refusal', async () => {
    const page = await newPage();
    const error = await rejection(
      signInWithHostedUi({
        hostedUi: { ...hostedUi, scopes: ['openid', 'not-an-allowed-scope'] },
        clientId: pool.clientId,
        open: chromiumOpener(page),
        showUrl: () => undefined,
        timeoutMs: 60_000,
      }),
    );
    expect(error.code).toBe('auth-failed');
    expect(error.message).toContain('(invalid_scope)');
    await page.context().close();
  });

  it('times out when the browser never comes back, after showing the URL to open by hand', async () => {
    const shown: Array<{ url: string; opened: boolean }> = [];
    const error = await rejection(
      signInWithHostedUi({
        hostedUi,
        clientId: pool.clientId,
        open: async () => false,
        showUrl: (url, opened) => shown.push({ url, opened }),
        timeoutMs: 1500,
      }),
    );
    expect(error.code).toBe('deadline');
    expect(error.message).toBe('The browser sign-in did not finish within 2 seconds.');
    expect(error.hint).toMatch(/finish signing in in the browser/);
    expect(shown).toEqual([{ url: expect.stringContaining(`${hostedUi.domain}/oauth2/authorize?`), opened: false }]);
    // The port is free again: the listener closed on timeout.
    const again = await rejection(signInWithHostedUi({ hostedUi, clientId: pool.clientId, open: async () => false, showUrl: () => undefined, timeoutMs: 200 }));
    expect(again.code).toBe('deadline');
  });

  it('ends the managed-login browser session with /logout, so the next sign-in asks again', async () => {
    const page = await newPage();
    const first = signInWithHostedUi({ hostedUi, clientId: pool.clientId, open: chromiumOpener(page), showUrl: () => undefined, timeoutMs: 60_000 });
    await fillLoginForm(page);
    await first;
    const formsBefore = login.counts.get('login:ok');

    // With the session cookie, a second sign-in completes without the form.
    const silent = await signInWithHostedUi({ hostedUi, clientId: pool.clientId, open: chromiumOpener(page), showUrl: () => undefined, timeoutMs: 60_000 });
    expect((await verifyIdToken(account(), silent.idToken, {}))['cognito:username']).toBe(USER);
    expect(login.counts.get('login:ok')).toBe(formsBefore);

    await endHostedUiSession({ hostedUi, clientId: pool.clientId, open: chromiumOpener(page), showUrl: () => undefined, timeoutMs: 60_000 });
    await page.waitForURL(`http://localhost:${port}/signed-out`);
    expect(await page.textContent('h1')).toBe('Signed out');

    const afterLogout = signInWithHostedUi({ hostedUi, clientId: pool.clientId, open: chromiumOpener(page), showUrl: () => undefined, timeoutMs: 60_000 });
    await fillLoginForm(page);
    await afterLogout;
    expect(login.counts.get('login:ok')).toBe(formsBefore + 1);
    await page.context().close();
  });

  it('authenticates a client that has a secret, and says so when the secret is wrong', async () => {
    const page = await newPage();
    const signIn = signInWithHostedUi({ hostedUi, ...confidential, open: chromiumOpener(page), showUrl: () => undefined, timeoutMs: 60_000 });
    await fillLoginForm(page);
    const tokens = await signIn;
    expect((await verifyIdToken({ ...account(), clientId: confidential.clientId }, tokens.idToken, {}))['cognito:username']).toBe(USER);

    const wrongSecret = signInWithHostedUi({
      hostedUi,
      clientId: confidential.clientId,
      clientSecret: 'not-the-secret',
      open: chromiumOpener(page),
      showUrl: () => undefined,
      timeoutMs: 60_000,
    });
    // The browser still holds the managed-login session, so the code comes back without the form.
    const error = await rejection(wrongSecret);
    expect(error.code).toBe('config-invalid');
    expect(error.message).toBe("Cognito did not accept the app client's credentials when asked to exchange the sign-in code (invalid_client).");
    expect(error.describe()).not.toContain('not-the-secret');
    await page.context().close();
  });
});
