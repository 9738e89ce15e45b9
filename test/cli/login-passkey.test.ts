import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redirectUri, signedOutUri } from '../../main/core/federation/hosted-ui-urls.js';
import { launchChromium } from '../e2e/chromium.js';
import { closeServer, freePort, listenOnLoopback, readBody } from '../stand-ins/aws-json.js';
import { startBackend, type Backend } from '../stand-ins/backend.js';
import { startManagedLogin, type ManagedLoginServer } from '../stand-ins/managed-login-server.js';
import { seedWorld, type World } from '../stand-ins/seed.js';
import { cliSandbox, expectCleanRuns, type CliSandbox } from '../support/cli-harness.js';
import { addTestAccount } from '../support/test-account.js';
import { addVirtualAuthenticator, newTestPasskey } from '../support/virtual-passkey.js';

/**
 * `login --method passkey` end to end with a real WebAuthn ceremony: the built command (real keychain) opens
 * $BROWSER, a script that hands the managed-login URL to the test's Chromium; there a virtual authenticator
 * holds the private key of the passkey seeded in the backend, the stand-in's "Sign in with a passkey" page
 * runs navigator.credentials.get, the backend verifies the assertion, and the browser lands on the broker's
 * loopback redirect with the code. The user has no password at all, so nothing but the passkey can sign in.
 */
let backend: Backend;
let world: World;
let login: ManagedLoginServer;
let box: CliSandbox;
let browser: Browser;
let handOff: Server;
let handOffUrl: string;
let nextUrl: (url: string) => void = () => undefined;

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend, { poolName: 'cli-passkey', firstFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] });
  // Passkeys belong to the pool's relying party; `localhost` is the domain a test page can be served on.
  await backend
    .userPoolClient()
    .send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: world.userPoolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } }),
    );
  handOff = createServer((req, res) => {
    void readBody(req).then((body) => {
      res.end();
      nextUrl(body.toString('utf8'));
    });
  });
  handOffUrl = await listenOnLoopback(handOff);
  box = await cliSandbox();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  expectCleanRuns(box?.outputs ?? []);
  await browser?.close();
  await box?.cleanup();
  if (handOff) await closeServer(handOff);
  await login?.stop();
  await backend?.stop();
});

describe('login --method passkey in a real browser', () => {
  it('the passkey ceremony in Chromium signs the broker in through the PKCE loopback; status shows the user', async () => {
    const user = await world.passwordlessUser(['developers']);
    const passkey = newTestPasskey();
    await backend.addPasskey(world.userPoolId, user.username, { friendlyName: 'Laptop', credentialId: passkey.credentialId, publicKey: passkey.publicKey });
    const port = await freePort();
    const hostedUi = { redirectPort: port, redirectPath: '/callback', scopes: ['openid', 'email', 'profile'] };
    login = await startManagedLogin({
      userPoolEndpoint: backend.userPoolEndpoint,
      region: backend.region,
      clients: [{ clientId: world.clientId, callbackUrls: [redirectUri(hostedUi)], logoutUrls: [signedOutUri(hostedUi)] }],
    });
    await addTestAccount(box, 'pk', world, {
      extra: ['--auth-flow', 'user-auth', '--hosted-ui-domain', login.domain, '--redirect-port', String(port)],
    });

    const page = await browser.newPage();
    const authenticator = await addVirtualAuthenticator(page);
    await authenticator.add(passkey, 'localhost');
    const opened = new Promise<string>((resolve) => (nextUrl = resolve));
    backend.resetCounts();
    const run = box.run(['login', 'pk', '--method', 'passkey'], {
      env: { BROWSER: `${process.execPath} ${join(__dirname, 'fixtures', 'chromium-hand-off.cjs')}`, HAND_OFF_URL: handOffUrl },
    });

    // What a person does in the browser the broker opened: managed login, its passkey link, the username.
    const url = await opened;
    expect(url.startsWith(`${login.domain}/oauth2/authorize?`)).toBe(true);
    await page.goto(url);
    await page.getByRole('link', { name: 'Sign in with a passkey' }).click();
    await page.getByLabel('Username').fill(user.username);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();

    const r = await run;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Signed in to "pk" as ${user.username}`);
    // The browser reached the broker's loopback address with the code the passkey earned.
    await page.waitForURL(`${redirectUri(hostedUi)}**`);
    expect(login.counts.get('passkey:ok')).toBe(1);
    expect(login.issuedCodes).toHaveLength(1);
    // Exactly one WEB_AUTHN answer reached the backend: the managed-login page's; the broker sent none.
    expect(backend.counts.userPool.get('RespondToAuthChallenge:WEB_AUTHN')).toBe(1);
    await page.close();

    const status = JSON.parse((await box.run(['status', 'pk', '--json'])).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ signedIn: true, username: user.username });
  });
});
