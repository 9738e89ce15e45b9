import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput, SignInProgress } from '../../../main/contract/app-api.js';
import { SEND_NEW_CODE } from '../../../main/contract/sign-in-method.js';
import { dispatch } from '../../../main/core/api/dispatch.js';
import type { AppService } from '../../../main/core/app/app-service.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type World } from '../../stand-ins/seed.js';
import { appAccountInput, appCaller, appSandbox, closeAppSandbox } from '../../support/app-harness.js';
import { usePrivateKeychain } from '../../support/private-keychain.js';

/**
 * The window's choice-based sign-in through dispatch(), as the window calls it: signInStart's `method`
 * reaches the core's USER_AUTH state machine, the steps come back in the contract's words (select-factor,
 * codes with `canResend`), and a managed-login account goes to the browser only for a passkey. Real backend,
 * real keychain.
 */
let backend: Backend;
let world: World;
let dir: string;
let home: string;
let service: AppService;
let keychain: Awaited<ReturnType<typeof usePrivateKeychain>> | undefined;
const opened: string[] = [];
const RP = 'auth.example.com';

const call = appCaller(() => service);

/** A loopback port free right now, for the managed-login redirect the cancelled sign-in listens on. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let serial = 0;
const mailUser = () => world.plainUser(['developers'], { email: `ua-app-${Date.now()}-${++serial}@example.com` });

const accountOf = (name: string, extra: Partial<AccountInput> = {}) => appAccountInput(name, world, { authFlow: 'user-auth', ...extra });

beforeAll(async () => {
  keychain = await usePrivateKeychain();
  backend = await startBackend();
  world = await seedWorld(backend, { firstFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] });
  await backend
    .userPoolClient()
    .send(new SetUserPoolMfaConfigCommand({ UserPoolId: world.userPoolId, WebAuthnConfiguration: { RelyingPartyId: RP, UserVerification: 'preferred' } }));
  ({ dir, home, service } = await appSandbox('cb-app-user-auth-', {
    // The "system browser" only records where it was sent; the managed-login sign-in is cancelled.
    open: (url) => {
      opened.push(url);
      return Promise.resolve(true);
    },
  }));
  await call('addAccount', accountOf('choice'));
});

afterAll(async () => {
  await closeAppSandbox({ dir, home, service }, ['choice', 'choice-web']);
  await backend?.stop();
  await keychain?.restore();
});

describe('choice-based sign-in through dispatch', () => {
  it("signInStart's method starts with that factor: an e-mail code with the masked address, a new code on request, then signed in", async () => {
    const user = await mailUser();
    const start = await call<SignInProgress>('signInStart', 'choice', user.username, 'email-code');
    expect(start.step).toEqual({ kind: 'email-code', destination: expect.stringMatching(/^\S+@\S+$/), canResend: true });
    if (start.step.kind !== 'email-code') return;
    expect(start.step.destination).not.toBe(user.email);
    const again = await call<SignInProgress>('signInAnswer', start.flowId, SEND_NEW_CODE);
    expect(again.step).toMatchObject({ kind: 'email-code', canResend: true });
    expect(again.retryReason).toBeUndefined();
    const done = await call<SignInProgress>('signInAnswer', again.flowId, backend.code);
    expect(done.step.kind).toBe('done');
    expect((await service.getAccount('choice')).session).toMatchObject({ state: 'signed-in', username: user.username });
  });

  it('without a method the pool offers its choice as select-factor; the password is then asked and signs in', async () => {
    const user = await mailUser();
    const start = await call<SignInProgress>('signInStart', 'choice', user.username);
    expect(start.step).toEqual({ kind: 'select-factor', options: ['password', 'email-code'] });
    const password = await call<SignInProgress>('signInAnswer', start.flowId, 'password');
    expect(password.step).toEqual({ kind: 'password', username: user.username });
    const done = await call<SignInProgress>('signInAnswer', start.flowId, user.password);
    expect(done.step.kind).toBe('done');
  });

  it('a method the pool does not offer this user ends the flow with one sentence naming it', async () => {
    const user = await mailUser();
    const start = await call<SignInProgress>('signInStart', 'choice', user.username, 'sms-code');
    expect(start.step).toMatchObject({ kind: 'failed', message: expect.stringMatching(/does not offer sign-in with .*text message/i) });
  });

  it('refuses a method that is not a first factor before anything runs', async () => {
    const response = await dispatch(service, { method: 'signInStart', args: ['choice', 'someone', 'fingerprint'] });
    expect(response.ok).toBe(false);
    if (!response.ok) expect(response.error.code).toBe('invalid-argument');
  });

  it('a managed-login account asks its questions in the window, and goes to the browser only for a passkey', async () => {
    const user = await mailUser();
    await backend.addPasskey(world.userPoolId, user.username, { friendlyName: 'Laptop' });
    await call(
      'addAccount',
      accountOf('choice-web', {
        hostedUi: {
          domain: 'https://choice.auth.example.com',
          scopes: ['openid', 'aws.cognito.signin.user.admin'],
          redirectPort: await freePort(),
          redirectPath: '/callback',
        },
      }),
    );
    const asked = await call<SignInProgress>('signInStart', 'choice-web', user.username);
    expect(asked.step).toEqual({ kind: 'select-factor', options: ['password', 'email-code', 'passkey'] });
    await call('signInCancel', asked.flowId);
    expect(opened).toHaveLength(0);

    const browser = await call<SignInProgress>('signInStart', 'choice-web', user.username, 'passkey');
    expect(browser.step).toMatchObject({ kind: 'browser' });
    if (browser.step.kind !== 'browser') return;
    const url = new URL(browser.step.url);
    expect(url.origin + url.pathname).toBe('https://choice.auth.example.com/oauth2/authorize');
    expect(opened).toEqual([browser.step.url]);
    await call('signInCancel', browser.flowId);
  });
});
