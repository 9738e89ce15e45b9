import {
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../e2e/chromium.js';
import { addVirtualAuthenticator, newTestPasskey, type VirtualAuthenticator } from '../support/virtual-passkey.js';
import { closeServer, freePort, listenOnLoopback } from './aws-json.js';
import { startBackend, type Backend } from './backend.js';
import { startManagedLogin, type ManagedLoginServer } from './managed-login-server.js';
import { seedWorld, type World } from './seed.js';
import { PASSKEY_GET_SCRIPT } from './webauthn-browser-script.js';

/**
 * Real passkey sign-ins against the test backend, in real Chromium with a virtual authenticator holding a
 * private key whose public key was seeded in the backend: the managed-login stand-in's passkey page (WebAuthn
 * ceremony → authorization code → tokens), and USER_AUTH's WEB_AUTHN answered through the AWS SDK with an
 * assertion made by navigator.credentials.get on a localhost page. The pool's relying party is `localhost`,
 * the one domain a test page can be served on as a secure context.
 */
let backend: Backend;
let world: World;
let idp: CognitoIdentityProviderClient;
let login: ManagedLoginServer;
let browser: Browser;
let page: Page;
let authenticator: VirtualAuthenticator;
let blank: Server;
let blankPort: string;
let callback: string;

beforeAll(async () => {
  backend = await startBackend();
  idp = backend.userPoolClient();
  world = await seedWorld(backend, { poolName: 'passkey-sign-in', firstFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] });
  await idp.send(
    new SetUserPoolMfaConfigCommand({ UserPoolId: world.userPoolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } }),
  );
  callback = `http://127.0.0.1:${await freePort()}/callback`;
  login = await startManagedLogin({
    userPoolEndpoint: backend.userPoolEndpoint,
    region: backend.region,
    clients: [{ clientId: world.clientId, callbackUrls: [callback], logoutUrls: [] }],
  });
  // An empty page on http://localhost for the API-level ceremony (the RP ID must match the page's host).
  blank = createServer((_req, res) => res.end('<!doctype html><title>blank</title>'));
  blankPort = new URL(await listenOnLoopback(blank)).port;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (blank) await closeServer(blank);
  await login?.stop();
  await backend?.stop();
});

beforeEach(async () => {
  page = await browser.newPage();
  authenticator = await addVirtualAuthenticator(page);
  // Nobody listens on the client's callback: the browser's arrival there is the result.
  await page.route(`${callback}**`, (route) => route.fulfill({ contentType: 'text/html', body: '<title>callback</title>' }));
});

afterEach(async () => {
  await page?.close();
});

function authorizeUrl(verifier: string): string {
  const q = new URLSearchParams({
    client_id: world.clientId,
    redirect_uri: callback,
    response_type: 'code',
    scope: 'openid',
    state: 'st',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  return `${login.domain}/oauth2/authorize?${q.toString()}`;
}

/** Managed login in the browser: the form, its passkey link, the username, the ceremony. */
async function passkeyPage(username: string): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  await page.goto(authorizeUrl(verifier));
  await page.getByRole('link', { name: 'Sign in with a passkey' }).click();
  await page.waitForURL(/^http:\/\/localhost:\d+\/passkey\?/);
  await page.getByLabel('Username').fill(username);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  return verifier;
}

describe('the managed-login stand-in: "Sign in with a passkey"', () => {
  it('runs the WebAuthn ceremony in Chromium and redirects with a code that buys the user tokens', async () => {
    const user = await world.passwordlessUser();
    const passkey = newTestPasskey();
    await backend.addPasskey(world.userPoolId, user.username, { credentialId: passkey.credentialId, publicKey: passkey.publicKey });
    await authenticator.add(passkey, 'localhost');

    const verifier = await passkeyPage(user.username);
    await page.waitForURL(`${callback}**`);
    const back = new URL(page.url());
    expect(back.searchParams.get('state')).toBe('st');
    const code = back.searchParams.get('code') ?? '';
    expect(login.issuedCodes).toContain(code);
    expect(login.counts.get('passkey:ok')).toBe(1);

    const res = await fetch(`${login.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: world.clientId,
        code,
        redirect_uri: callback,
        code_verifier: verifier,
      }).toString(),
    });
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as { access_token: string; id_token: string };
    const me = await idp.send(new GetUserCommand({ AccessToken: tokens.access_token }));
    expect(me.Username).toBe(user.username);
  });

  it('refuses an assertion signed with a key other than the one seeded: an alert, no code', async () => {
    const user = await world.passwordlessUser();
    const seeded = newTestPasskey();
    await backend.addPasskey(world.userPoolId, user.username, { credentialId: seeded.credentialId, publicKey: seeded.publicKey });
    // Same credential id, another private key: the browser finds it, the backend's signature check fails.
    await authenticator.add({ ...newTestPasskey(), credentialId: seeded.credentialId }, 'localhost');
    const codes = login.issuedCodes.length;

    await passkeyPage(user.username);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The passkey was not accepted. Try again or use another way to sign in.');
    expect(page.url()).toMatch(/^http:\/\/localhost:\d+\/passkey\?/);
    expect(login.issuedCodes).toHaveLength(codes);
    expect(login.counts.get('passkey:failed')).toBeGreaterThanOrEqual(1);
  });
});

describe('USER_AUTH WEB_AUTHN through the AWS SDK with an assertion made in Chromium', () => {
  async function webAuthnChallenge(username: string): Promise<{ session: string; options: string }> {
    const init = await idp.send(
      new InitiateAuthCommand({ ClientId: world.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'WEB_AUTHN' } }),
    );
    expect(init.ChallengeName).toBe('WEB_AUTHN');
    return { session: init.Session ?? '', options: init.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS ?? '' };
  }

  /** navigator.credentials.get on http://localhost with the options (optionally changed first). */
  async function assertion(options: string, change: (o: Record<string, unknown>) => void = () => undefined): Promise<string> {
    if (!page.url().startsWith('http://localhost')) await page.goto(`http://localhost:${blankPort}/`);
    await page.addScriptTag({ content: PASSKEY_GET_SCRIPT });
    const o = JSON.parse(options) as Record<string, unknown>;
    change(o);
    return page.evaluate(async (given) => (globalThis as unknown as { passkeyGet(o: unknown): Promise<string> }).passkeyGet(given), o);
  }

  const respond = (username: string, session: string, credential: string) =>
    idp.send(
      new RespondToAuthChallengeCommand({
        ClientId: world.clientId,
        ChallengeName: 'WEB_AUTHN',
        Session: session,
        ChallengeResponses: { USERNAME: username, CREDENTIAL: credential },
      }),
    );

  it('a valid assertion ends the sign-in with tokens and no MFA; replayed on a new challenge it is refused', async () => {
    const user = await world.passwordlessUser();
    const passkey = newTestPasskey();
    await backend.addPasskey(world.userPoolId, user.username, { credentialId: passkey.credentialId, publicKey: passkey.publicKey });
    await authenticator.add(passkey, 'localhost');

    const first = await webAuthnChallenge(user.username);
    const credential = await assertion(first.options);
    expect(JSON.parse(credential)).toMatchObject({ id: passkey.credentialId, type: 'public-key' });
    const out = await respond(user.username, first.session, credential);
    expect(out.ChallengeName).toBeUndefined();
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await idp.send(new GetUserCommand({ AccessToken: out.AuthenticationResult!.AccessToken! }))).Username).toBe(user.username);

    // The same assertion answering another challenge: its clientData names the old challenge.
    const second = await webAuthnChallenge(user.username);
    await expect(respond(user.username, second.session, credential)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    // A fresh one still works (the refused answer left the session usable, the counter grew).
    const fresh = await respond(user.username, second.session, await assertion(second.options));
    expect(fresh.AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('refuses a credential the backend never registered, and one signed by a different key', async () => {
    const user = await world.passwordlessUser();
    const seeded = newTestPasskey();
    await backend.addPasskey(world.userPoolId, user.username, { credentialId: seeded.credentialId, publicKey: seeded.publicKey });
    // A discoverable passkey for localhost that the backend does not know, offered by dropping allowCredentials.
    const stranger = newTestPasskey();
    await authenticator.add(stranger, 'localhost', 'someone-else');
    const one = await webAuthnChallenge(user.username);
    const unknown = await assertion(one.options, (o) => delete o.allowCredentials);
    expect(JSON.parse(unknown)).toMatchObject({ id: stranger.credentialId });
    await expect(respond(user.username, one.session, unknown)).rejects.toMatchObject({ name: 'NotAuthorizedException' });

    // The seeded id under another key.
    await authenticator.add({ ...newTestPasskey(), credentialId: seeded.credentialId }, 'localhost');
    const two = await webAuthnChallenge(user.username);
    await expect(respond(user.username, two.session, await assertion(two.options))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});
