import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView, ActivityEntry, MfaStatus, SignInProgress } from '../../../main/contract/app-api.js';
import { dispatch } from '../../../main/core/api/dispatch.js';
import type { CallResponse, EventMessage } from '../../../main/contract/transport.js';
import type { AppService } from '../../../main/core/app/app-service.js';
import { createDefaultAppService } from '../../../main/core/app/default-app-service.js';
import { keyringStore } from '../../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../../main/core/keychain/secret-store.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type SeededUser, type World } from '../../stand-ins/seed.js';
import { startFederationEndpoint, type FederationEndpoint } from '../../stand-ins/federation-endpoint.js';
import { appAccountInput, appSandbox, closeAppSandbox } from '../../support/app-harness.js';
import { usePrivateKeychain } from '../../support/private-keychain.js';

/**
 * The window's self-service, MFA management, client-secret and console calls, each made through dispatch()
 * as the window makes them, on real parts: the test backend (SRP front over cognito-local, every code fixed
 * to backend.code; identity-pool server), the federation endpoint stand-in, the real keychain and temp
 * files. Every response, event and activity entry is kept and checked for the secrets that went in.
 */
let backend: Backend;
let world: World;
let federation: FederationEndpoint;
let dir: string;
let home: string;
let service: AppService;
let plain: SeededUser;
let secretUser: SeededUser;
const responses: { method: string; response: CallResponse }[] = [];
const events: EventMessage[] = [];
const opened: string[] = [];
let browserWorks = true;

const SIGNUP_PASSWORD = 'App-Signup-Passw0rd!';
const RESET_PASSWORD = 'App-Reset-Passw0rd!';
const CHANGED_PASSWORD = 'App-Changed-Passw0rd!';
const WRONG_PASSWORD = 'Not-The-Passw0rd!';
const SECRET_RESET_PASSWORD = 'App-Secret-Reset-Passw0rd!';

async function call<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
  const response = await dispatch(service, { method, args });
  responses.push({ method, response });
  if (!response.ok) throw Object.assign(new Error(`${method}: ${response.error.code}: ${response.error.message}`), { payload: response.error });
  return response.result as T;
}

async function callError(method: string, ...args: unknown[]) {
  const response = await dispatch(service, { method, args });
  responses.push({ method, response });
  expect(response.ok, `${method} should have failed`).toBe(false);
  return response.ok ? undefined : response.error;
}

async function activity(): Promise<ActivityEntry[]> {
  return call<ActivityEntry[]>('listActivity', 1000);
}

async function signIn(account: string, user: SeededUser, password = user.password): Promise<SignInProgress> {
  const start = await call<SignInProgress>('signInStart', account, user.username);
  expect(start.step).toEqual({ kind: 'password', username: user.username });
  return call<SignInProgress>('signInAnswer', start.flowId, password);
}

function accountInput(name: string, user: { username: string }, clientId = world.clientId) {
  return appAccountInput(name, world, { clientId, username: user.username });
}

let keychain: Awaited<ReturnType<typeof usePrivateKeychain>> | undefined;
beforeAll(async () => {
  keychain = await usePrivateKeychain();
  backend = await startBackend();
  world = await seedWorld(backend);
  plain = await world.plainUser(['developers']);
  secretUser = await world.plainUser(['developers'], { email: 'secret-user@example.com' });
  federation = await startFederationEndpoint({
    verify: (c) => backend.issued.some((i) => i.accessKeyId === c.accessKeyId && i.secretAccessKey === c.secretAccessKey && i.sessionToken === c.sessionToken),
  });
  ({ dir, home, service } = await appSandbox('cb-app-self-', {
    env: { COGNITO_BROKER_FEDERATION_ENDPOINT: federation.url },
    // A recording opener: what Electron's shell.openExternal would receive.
    open: async (url) => {
      if (!browserWorks) return false;
      opened.push(url);
      return true;
    },
  }));
  service.events.subscribe((m) => events.push(m));
});

afterAll(async () => {
  await closeAppSandbox({ dir, home, service }, ['self', 'confidential', 'renamed']);
  await federation?.stop();
  await backend?.stop();
  await keychain?.restore();
});

describe('client secret typed in the window', () => {
  it('goes to the keychain, sets hasClientSecret, is used for SECRET_HASH, and never comes back', async () => {
    const added = await call<AccountView>('addAccount', accountInput('confidential', secretUser, world.secretClientId), world.clientSecret);
    expect(added.hasClientSecret).toBe(true);
    expect(await keyringStore(home).get(secretKeys.clientSecret('confidential'))).toBe(world.clientSecret);

    // The secret client signs in only with SECRET_HASH: a sign-in that works proves the stored secret is used.
    const done = await signIn('confidential', secretUser);
    expect(done.step.kind).toBe('done');

    // An edit without a secret keeps the stored one (the window never has it to send back).
    const edited = await call<AccountView>('updateAccount', 'confidential', {
      ...accountInput('confidential', secretUser, world.secretClientId),
      defaultRoleArn: undefined,
    });
    expect(edited.hasClientSecret).toBe(true);
    expect(await keyringStore(home).get(secretKeys.clientSecret('confidential'))).toBe(world.clientSecret);

    // An edit with a secret replaces it; a wrong one shows at the next call that needs it.
    await call<AccountView>('updateAccount', 'confidential', accountInput('confidential', secretUser, world.secretClientId), 'not-the-client-secret');
    expect(await keyringStore(home).get(secretKeys.clientSecret('confidential'))).toBe('not-the-client-secret');
    const signUp = (username: string) => ['signUp', 'confidential', { username, password: SIGNUP_PASSWORD, email: `${username}@example.com` }] as const;
    const refused = await callError(...signUp('conf-refused'));
    expect(refused?.message).toMatch(/\.$/);
    await call<AccountView>('updateAccount', 'confidential', accountInput('confidential', secretUser, world.secretClientId), world.clientSecret);

    // Self-service with the secret client works (SignUp checks SECRET_HASH).
    expect(await call<{ confirmed: boolean }>(...signUp('conf-newbie'))).toMatchObject({ confirmed: false });

    for (const { response } of responses) expect(JSON.stringify(response)).not.toContain(world.clientSecret);
    expect(JSON.stringify(events)).not.toContain(world.clientSecret);
  });

  it('resets a forgotten password through the secret client, and names a user Cognito cannot send a code to', async () => {
    const delivery = await call<{ medium?: string; destination?: string }>('forgotPassword', 'confidential', secretUser.username);
    expect(delivery).toMatchObject({ medium: 'EMAIL', destination: 's***@e***' });
    expect((await callError('confirmForgotPassword', 'confidential', secretUser.username, '000000', SECRET_RESET_PASSWORD))?.code).toBe('code-mismatch');
    await call('confirmForgotPassword', 'confidential', secretUser.username, backend.code, SECRET_RESET_PASSWORD);
    expect((await signIn('confidential', secretUser, SECRET_RESET_PASSWORD)).step.kind).toBe('done');

    // A user without a verified e-mail address or phone number: AWS refuses the reset, and says why.
    const noContact = await world.plainUser();
    expect(await callError('forgotPassword', 'confidential', noContact.username)).toMatchObject({
      code: 'invalid-argument',
      message: 'Cognito cannot send a reset code: this user has no verified e-mail address or phone number.',
    });
  });

  it('refuses an empty or oversized secret before anything runs', async () => {
    expect((await callError('addAccount', accountInput('other', plain), ''))?.code).toBe('invalid-argument');
    expect((await callError('addAccount', accountInput('other', plain), 'x'.repeat(513)))?.code).toBe('invalid-argument');
    expect((await call<AccountView[]>('listAccounts')).map((a) => a.name)).not.toContain('other');
  });
});

describe('sign-up, password reset and password change', () => {
  it('signs a user up, refuses a wrong code, confirms with the right one, and the user signs in', async () => {
    await call('addAccount', accountInput('self', plain));
    const result = await call<{ confirmed: boolean; delivery?: { destination?: string } }>('signUp', 'self', {
      username: 'app-newbie',
      password: SIGNUP_PASSWORD,
      email: 'app-newbie@example.com',
    });
    expect(result.confirmed).toBe(false);

    const wrong = await callError('confirmSignUp', 'self', 'app-newbie', '000000');
    expect(wrong).toMatchObject({ code: 'code-mismatch', message: 'That code is not right.' });
    await call('confirmSignUp', 'self', 'app-newbie', backend.code);

    const done = await signIn('self', { username: 'app-newbie' } as SeededUser, SIGNUP_PASSWORD);
    expect(done.step).toMatchObject({ kind: 'done', session: { username: 'app-newbie', email: 'app-newbie@example.com' } });

    const log = await activity();
    expect(log.some((e) => e.kind === 'account' && e.message === 'Signed up app-newbie in self; a confirmation code was sent.')).toBe(true);
    expect(log.some((e) => e.kind === 'account' && e.message === 'Confirmed the sign-up of app-newbie in self.')).toBe(true);
    expect(log.some((e) => e.kind === 'sign-in-failed' && e.message === 'Confirming the sign-up of app-newbie in self failed: That code is not right.')).toBe(
      true,
    );
  });

  it("reads the pool's password policy only with credentials in the environment, else says it is unknown", async () => {
    expect(await call('getPasswordPolicy', 'self')).toBeNull();
    const withCredentials = createDefaultAppService({
      home,
      env: { AWS_CONFIG_FILE: join(dir, 'aws', 'config'), AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE12', AWS_SECRET_ACCESS_KEY: 'example-secret-key' },
      launcher: { kind: 'node-script', node: process.execPath, script: resolve('dist/cli/cognito-broker.cjs') },
      open: async () => false,
    });
    try {
      const r = await dispatch(withCredentials, { method: 'getPasswordPolicy', args: ['self'] });
      expect(r).toEqual({ ok: true, result: expect.objectContaining({ minimumLength: expect.any(Number) }) });
    } finally {
      withCredentials.close();
    }
  });

  it('refuses malformed self-service arguments at dispatch: codes are digits, passwords bounded, attributes named', async () => {
    expect((await callError('confirmSignUp', 'self', 'app-newbie', 'abc'))?.message).toBe(
      'confirmSignUp was called with an invalid argument 3: the digits of the code, such as 123456.',
    );
    expect((await callError('signUp', 'self', { username: 'x', password: 'p'.repeat(257) }))?.code).toBe('invalid-argument');
    expect((await callError('signUp', 'self', { username: 'x', password: 'p', extra: 1 }))?.message).toContain('unknown fields');
    expect((await callError('signUp', 'self', { username: 'x', password: 'p', attributes: { 'bad name!': 'v' } }))?.code).toBe('invalid-argument');
    expect((await callError('setPreferredMfa', 'self', 'VOICE'))?.code).toBe('invalid-argument');
    // Spaces a person pasted around a code are dropped, not refused.
    expect((await callError('confirmSignUp', 'self', 'nobody-here', ' 000000 '))?.code).not.toBe('invalid-argument');
  });

  it('resets a forgotten password with the code, refusing a wrong code first', async () => {
    const delivery = await call<{ destination?: string }>('forgotPassword', 'self', 'app-newbie');
    expect(delivery.destination ?? '').not.toContain('app-newbie@example.com');
    const wrong = await callError('confirmForgotPassword', 'self', 'app-newbie', '000000', RESET_PASSWORD);
    expect(wrong?.code).toBe('code-mismatch');
    await call('confirmForgotPassword', 'self', 'app-newbie', backend.code, RESET_PASSWORD);
    expect((await signIn('self', { username: 'app-newbie' } as SeededUser, RESET_PASSWORD)).step.kind).toBe('done');
    const log = await activity();
    expect(log.some((e) => e.message === 'Reset the password of app-newbie in self.')).toBe(true);
    expect(log.some((e) => e.kind === 'sign-in-failed' && e.message.startsWith('Resetting the password of app-newbie in self failed:'))).toBe(true);
  });

  it('changes the password of the signed-in user, refusing a wrong current one, and needs a session', async () => {
    await call('signOut', 'self');
    const notSignedIn = await callError('changePassword', 'self', RESET_PASSWORD, CHANGED_PASSWORD);
    expect(notSignedIn).toEqual({ code: 'not-signed-in', message: 'self is not signed in.', hint: 'Sign in to self first, then try again.' });

    expect((await signIn('self', { username: 'app-newbie' } as SeededUser, RESET_PASSWORD)).step.kind).toBe('done');
    const wrong = await callError('changePassword', 'self', WRONG_PASSWORD, CHANGED_PASSWORD);
    expect(wrong).toMatchObject({ code: 'wrong-password', message: 'The current password is not right.' });
    await call('changePassword', 'self', RESET_PASSWORD, CHANGED_PASSWORD);
    await call('signOut', 'self');
    expect((await signIn('self', { username: 'app-newbie' } as SeededUser, CHANGED_PASSWORD)).step.kind).toBe('done');
    const log = await activity();
    expect(log.some((e) => e.kind === 'sign-in-failed' && e.message === 'Changing the password of self failed: The current password is not right.')).toBe(true);
    expect(log.some((e) => e.message === 'Changed the password of self.')).toBe(true);
  });
});

describe('MFA management', () => {
  it('reads the status, enrols TOTP (the seed only in that one result), refuses a wrong code, prefers and disables it', async () => {
    expect(await call<MfaStatus>('getMfaStatus', 'self')).toEqual({ enabled: [] });
    const enrolment = await call<{ otpauthUri: string; secret: string }>('startTotpEnrolment', 'self');
    expect(enrolment.secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(new URL(enrolment.otpauthUri).searchParams.get('secret')).toBe(enrolment.secret);

    const wrong = await callError('verifyTotpEnrolment', 'self', '000000');
    expect(wrong).toMatchObject({ code: 'code-mismatch', message: 'That code is not right.' });
    expect(await call<MfaStatus>('verifyTotpEnrolment', 'self', world.totpCode(enrolment.secret))).toEqual({
      enabled: ['SOFTWARE_TOKEN_MFA'],
      preferred: 'SOFTWARE_TOKEN_MFA',
    });

    // The next sign-in asks for the authenticator code.
    await call('signOut', 'self');
    const start = await call<SignInProgress>('signInStart', 'self', 'app-newbie');
    expect((await call<SignInProgress>('signInAnswer', start.flowId, CHANGED_PASSWORD)).step).toEqual({ kind: 'totp-code' });
    const done = await call<SignInProgress>('signInAnswer', start.flowId, world.totpCode(enrolment.secret));
    expect(done.step.kind).toBe('done');

    expect(await call<MfaStatus>('setPreferredMfa', 'self', 'SOFTWARE_TOKEN_MFA')).toEqual({
      enabled: ['SOFTWARE_TOKEN_MFA'],
      preferred: 'SOFTWARE_TOKEN_MFA',
    });
    const notSetUp = await callError('setPreferredMfa', 'self', 'SMS_MFA');
    expect(notSetUp?.message).toMatch(/\.$/);
    expect(await call<MfaStatus>('disableTotp', 'self')).toEqual({ enabled: [] });

    // The seed travelled out exactly once, in startTotpEnrolment's result.
    const carrying = responses.filter(({ response }) => JSON.stringify(response).includes(enrolment.secret));
    expect(carrying.map((r) => r.method)).toEqual(['startTotpEnrolment']);
    expect(JSON.stringify(events)).not.toContain(enrolment.secret);
    const log = await activity();
    expect(JSON.stringify(log)).not.toContain(enrolment.secret);
    expect(log.some((e) => e.message === 'Turned on the authenticator app for self as the preferred second factor.')).toBe(true);
    expect(log.some((e) => e.kind === 'sign-in-failed' && e.message === 'Turning on the authenticator app for self failed: That code is not right.')).toBe(
      true,
    );
    expect(log.some((e) => e.message === 'Turned off the authenticator app for self.')).toBe(true);
  });

  it('needs a signed-in session for MFA management', async () => {
    await call('signOut', 'self');
    for (const method of ['getMfaStatus', 'startTotpEnrolment', 'disableTotp']) {
      expect((await callError(method, 'self'))?.code).toBe('not-signed-in');
    }
  });
});

describe('refused sign-in answers in the activity log', () => {
  it('records a wrong password as sign-in-failed without the password', async () => {
    const start = await call<SignInProgress>('signInStart', 'self', 'app-newbie');
    const retry = await call<SignInProgress>('signInAnswer', start.flowId, WRONG_PASSWORD);
    expect(retry.step.kind).toBe('password');
    expect(retry.retryReason).toBeTruthy();
    await call('signInCancel', start.flowId);
    const log = await activity();
    const entry = log.find((e) => e.kind === 'sign-in-failed' && e.message.startsWith('A sign-in answer for self was refused (password)'));
    expect(entry).toBeDefined();
    expect(entry!.message).toContain(retry.retryReason!);
  });
});

describe('AWS console from the app', () => {
  it('builds the sign-in URL from real credentials and hands it only to the opener', async () => {
    expect((await signIn('self', { username: 'app-newbie' } as SeededUser, CHANGED_PASSWORD)).step.kind).toBe('done');
    const before = opened.length;
    expect(await call('openConsole', 'self')).toBeNull();
    expect(opened).toHaveLength(before + 1);
    // The opener (a browser's argv) gets a one-time loopback address, never the sign-in URL itself.
    const handed = opened.at(-1)!;
    expect(handed).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}$/);
    const redirect = await fetch(handed, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(
      await fetch(handed, { redirect: 'manual' }).then(
        (r) => r.status,
        () => 'gone',
      ),
    ).not.toBe(302);
    const url = new URL(redirect.headers.get('location')!);
    expect(url.origin + url.pathname).toBe(federation.url);
    expect(url.searchParams.get('Action')).toBe('login');
    const token = url.searchParams.get('SigninToken')!;
    expect(token).toBeTruthy();
    // The stand-in accepted credentials the identity pool really issued, and the URL signs in.
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(302);
    expect(federation.logins.at(-1)?.accessKeyId).toBe(backend.issued.at(-1)?.accessKeyId);

    const log = await activity();
    expect(log.some((e) => e.message.startsWith('Opened the AWS console for self'))).toBe(true);
    for (const text of [JSON.stringify(responses), JSON.stringify(events), JSON.stringify(log), handed]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain('SigninToken');
    }
  });

  it('says so when no browser can be opened, and refuses a role the groups do not grant', async () => {
    browserWorks = false;
    try {
      const none = await callError('openConsole', 'self');
      expect(none?.message).toBe('No browser could be opened on this machine.');
    } finally {
      browserWorks = true;
    }
    const denied = await callError('openConsole', 'self', 'arn:aws:iam::123456789012:role/NotMine');
    expect(denied?.code).toBe('role-not-allowed');
    await call('signOut', 'self');
    expect((await callError('openConsole', 'self'))?.code).toBe('not-signed-in');
  });
});

describe('no typed secret anywhere outward', () => {
  it('never echoes a password in a result, an error, an event or the activity log', async () => {
    const outward = JSON.stringify({ responses, events, log: await activity() });
    for (const secret of [
      SIGNUP_PASSWORD,
      RESET_PASSWORD,
      CHANGED_PASSWORD,
      WRONG_PASSWORD,
      SECRET_RESET_PASSWORD,
      plain.password,
      secretUser.password,
      world.clientSecret,
    ]) {
      expect(outward).not.toContain(secret);
    }
  });
});
