import { readdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AdminForgetDeviceCommand, AdminListDevicesCommand, type DeviceType } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView, DeviceView, SignInProgress } from '../../../main/contract/app-api.js';
import type { CallResponse } from '../../../main/contract/transport.js';
import type { AppService } from '../../../main/core/app/app-service.js';
import { parseDeviceRecord, type DeviceRecord } from '../../../main/core/auth/devices/device-record.js';
import { refreshSession } from '../../../main/core/auth/refresh-session.js';
import { getAccount } from '../../../main/core/accounts/account-store.js';
import { composeBroker } from '../../../main/core/composition/compose-broker.js';
import { parseStoredSession } from '../../../main/core/credentials/session-record.js';
import { keyringStore } from '../../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../../main/core/keychain/secret-store.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type SeededUser, type World } from '../../stand-ins/seed.js';
import { appAccountInput, appCaller, appSandbox, closeAppSandbox } from '../../support/app-harness.js';
import { usePrivateKeychain } from '../../support/private-keychain.js';

/**
 * Remembered devices through the app service, as the window drives them (every call through dispatch), on the
 * real backend with device tracking on and a real Secret Service: the first sign-in confirms this computer,
 * the opt-in question is a sign-in step, a later sign-in proves the device instead of MFA, a refresh carries
 * the device key, sign-out keeps the device, "forget this computer" and account removal forget it at the pool.
 */
let backend: Backend;
/** The pool remembers every device, and a remembered device stands in for TOTP. */
let always: World;
/** The pool leaves remembering to the user; a remembered device stands in for TOTP. */
let optIn: World;
/** Choice-based sign-in (USER_AUTH: a password or an e-mail code), always remembering devices. */
let choice: World;
let alice: SeededUser;
let bob: SeededUser;
let carol: SeededUser;
let dir: string;
let home: string;
let service: AppService;
const responses: CallResponse[] = [];
let keychain: Awaited<ReturnType<typeof usePrivateKeychain>> | undefined;

const call = appCaller(() => service, responses);
const accountInput = (name: string, w: World, user: SeededUser) => appAccountInput(name, w, { username: user.username });

/** Signs in through the window's steps, answering each as a person would; returns the step kinds seen. */
async function signIn(name: string, w: World, user: SeededUser, remember?: 'yes' | 'no'): Promise<string[]> {
  const seen: string[] = [];
  let progress = await call<SignInProgress>('signInStart', name, user.username);
  for (;;) {
    const step = progress.step;
    seen.push(step.kind);
    if (step.kind === 'done') return seen;
    if (step.kind === 'failed') throw new Error(`sign-in failed: ${step.message}`);
    const answer =
      step.kind === 'password'
        ? user.password
        : step.kind === 'totp-code'
          ? w.totpCode(user.totpSecret!)
          : step.kind === 'remember-device'
            ? remember
            : undefined;
    if (answer === undefined) throw new Error(`unexpected step ${step.kind}`);
    progress = await call<SignInProgress>('signInAnswer', progress.flowId, answer);
  }
}

async function poolDevices(w: World, user: SeededUser): Promise<DeviceType[]> {
  const out = await backend.userPoolClient().send(new AdminListDevicesCommand({ UserPoolId: w.userPoolId, Username: user.username }));
  return out.Devices ?? [];
}

function attribute(device: DeviceType | undefined, name: string): string | undefined {
  return device?.DeviceAttributes?.find((a) => a.Name === name)?.Value;
}

async function record(account: string, user: SeededUser): Promise<DeviceRecord | undefined> {
  return parseDeviceRecord(await keyringStore(home).get(secretKeys.device(account, user.username)));
}

/** Every file under the broker's folder, read whole: none may hold the device password. */
async function filesUnder(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push(await readFile(join(entry.parentPath, entry.name), 'latin1'));
  }
  return found;
}

beforeAll(async () => {
  keychain = await usePrivateKeychain();
  backend = await startBackend();
  [always, optIn, choice] = await Promise.all([
    seedWorld(backend, { poolName: 'devices-always', deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false } }),
    seedWorld(backend, { poolName: 'devices-opt-in', deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } }),
    seedWorld(backend, { poolName: 'devices-choice', firstFactors: ['PASSWORD', 'EMAIL_OTP'], deviceConfiguration: { ChallengeRequiredOnNewDevice: true } }),
  ]);
  alice = await always.totpUser(['developers']);
  bob = await optIn.totpUser(['developers']);
  carol = await choice.totpUser(['developers']);
  ({ dir, home, service } = await appSandbox('cb-devices-'));
  await call<AccountView>('addAccount', accountInput('always', always, alice));
  await call<AccountView>('addAccount', accountInput('optin', optIn, bob));
  await call<AccountView>('addAccount', { ...accountInput('choice', choice, carol), authFlow: 'user-auth', firstFactor: 'password' });
});

afterAll(async () => {
  await closeAppSandbox({ dir, home, service }, ['always', 'optin', 'choice']);
  await backend?.stop();
  await keychain?.restore();
});

describe('a pool that always remembers devices', () => {
  it('the first sign-in asks for MFA, confirms this computer without a question and keeps the device only in the keychain', async () => {
    expect(await call<DeviceView>('getDevice', 'always')).toEqual({ remembered: false });
    expect(await signIn('always', always, alice)).toEqual(['password', 'totp-code', 'done']);

    const [device, ...others] = await poolDevices(always, alice);
    expect(others).toEqual([]);
    expect(attribute(device, 'dev:device_remembered_status')).toBe('remembered');
    expect(attribute(device, 'device_name')).toBe(`Cognito Broker on ${hostname()}`);
    const kept = await record('always', alice);
    expect(kept).toMatchObject({ deviceKey: device?.DeviceKey, remembered: true, username: alice.username });
    expect(kept?.devicePassword.length).toBeGreaterThanOrEqual(40);
    const session = parseStoredSession(await keyringStore(home).get(secretKeys.session('always')));
    expect(session?.deviceKey).toBe(device?.DeviceKey);

    const view = await call<DeviceView>('getDevice', 'always');
    expect(view).toMatchObject({ remembered: true, deviceKey: device?.DeviceKey });
    expect(Date.parse(view.rememberedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    // The device password never reaches the window, nor any file of the broker.
    const password = kept?.devicePassword ?? 'missing';
    expect(JSON.stringify(responses)).not.toContain(password);
    for (const text of await filesUnder(dir)) expect(text.includes(password)).toBe(false);
  });

  it('sign-out keeps the device, and the next sign-in proves it (DEVICE_SRP_AUTH) instead of asking for MFA', async () => {
    await call('signOut', 'always');
    expect(await call<DeviceView>('getDevice', 'always')).toMatchObject({ remembered: true });
    backend.resetCounts();
    expect(await signIn('always', always, alice)).toEqual(['password', 'done']);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:DEVICE_SRP_AUTH')).toBe(1);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER')).toBe(1);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:SOFTWARE_TOKEN_MFA')).toBe(0);
    expect(await poolDevices(always, alice)).toHaveLength(1);
  });

  it('a refresh sends the device key (GetTokensFromRefreshToken or REFRESH_TOKEN_AUTH), which the pool requires of a session on a tracked device', async () => {
    const store = keyringStore(home);
    const account = await getAccount(home, 'always');
    const refreshToken = (await store.get(secretKeys.refreshToken('always'))) ?? '';
    // Without the key the pool refuses the refresh token ("You must provide the confirmed device key").
    await expect(refreshSession(account, refreshToken)).rejects.toMatchObject({ code: 'session-expired' });
    await store.delete(secretKeys.credentials('always', 'default'));
    backend.resetCounts();
    const { broker } = composeBroker(home, {}, { store });
    expect((await broker.getCredentials(account)).source).toBe('refresh');
    expect(backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);

    // An endpoint without GetTokensFromRefreshToken: REFRESH_TOKEN_AUTH carries it as DEVICE_KEY.
    await store.delete(secretKeys.credentials('always', 'default'));
    backend.resetCounts();
    backend.inject('userPool', { operation: 'GetTokensFromRefreshToken', error: { type: 'UnknownOperationException', message: 'Unknown operation' } });
    try {
      expect((await broker.getCredentials(account)).source).toBe('refresh');
    } finally {
      backend.clearFaults();
    }
    expect(backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(1);
  });

  it('"forget this computer" forgets it at the pool and in the keychain; the next sign-in asks for MFA again', async () => {
    expect(await call<DeviceView>('forgetDevice', 'always')).toEqual({ remembered: false });
    expect(await poolDevices(always, alice)).toEqual([]);
    expect(await record('always', alice)).toBeUndefined();
    expect(parseStoredSession(await keyringStore(home).get(secretKeys.session('always')))?.deviceKey).toBeUndefined();
    expect(await signIn('always', always, alice)).toEqual(['password', 'totp-code', 'done']);
    expect(await poolDevices(always, alice)).toHaveLength(1);
  });

  it('a device the pool forgot (an administrator) does not block the sign-in: a new device replaces it', async () => {
    const before = await record('always', alice);
    await backend
      .userPoolClient()
      .send(new AdminForgetDeviceCommand({ UserPoolId: always.userPoolId, Username: alice.username, DeviceKey: before?.deviceKey }));
    expect(await signIn('always', always, alice)).toEqual(['password', 'totp-code', 'done']);
    const after = await record('always', alice);
    expect(after?.deviceKey).toBeDefined();
    expect(after?.deviceKey).not.toBe(before?.deviceKey);
    expect((await poolDevices(always, alice)).map((d) => d.DeviceKey)).toEqual([after?.deviceKey]);
  });
});

describe('a pool that leaves remembering to the user', () => {
  it('cancelling at "remember this computer?" cancels the sign-in and leaves no device, at the pool or here', async () => {
    let progress = await call<SignInProgress>('signInStart', 'optin', bob.username);
    progress = await call<SignInProgress>('signInAnswer', progress.flowId, bob.password);
    progress = await call<SignInProgress>('signInAnswer', progress.flowId, optIn.totpCode(bob.totpSecret!));
    expect(progress.step.kind).toBe('remember-device');
    await call('signInCancel', progress.flowId);
    await expect.poll(() => poolDevices(optIn, bob), { timeout: 5000 }).toEqual([]);
    expect(await record('optin', bob)).toBeUndefined();
  });

  it('asks once; "no" keeps the device tracked but not remembered, and the question is not asked again', async () => {
    expect(await signIn('optin', optIn, bob, 'no')).toEqual(['password', 'totp-code', 'remember-device', 'done']);
    const [device] = await poolDevices(optIn, bob);
    expect(attribute(device, 'dev:device_remembered_status')).toBe('not_remembered');
    expect(await call<DeviceView>('getDevice', 'optin')).toMatchObject({ remembered: false, deviceKey: device?.DeviceKey });

    expect(await signIn('optin', optIn, bob)).toEqual(['password', 'totp-code', 'done']);
    expect(await poolDevices(optIn, bob)).toHaveLength(1);
  });

  it('"yes" after forgetting: remembered, and the next sign-in skips MFA', async () => {
    await call('forgetDevice', 'optin');
    expect(await signIn('optin', optIn, bob, 'yes')).toEqual(['password', 'totp-code', 'remember-device', 'done']);
    const [device] = await poolDevices(optIn, bob);
    expect(attribute(device, 'dev:device_remembered_status')).toBe('remembered');
    expect(await signIn('optin', optIn, bob)).toEqual(['password', 'done']);
  });

  it('removing the account forgets the device at the pool and leaves nothing in the keychain', async () => {
    await call('removeAccount', 'optin');
    expect(await poolDevices(optIn, bob)).toEqual([]);
    expect(await keyringStore(home).keysOf('optin')).toEqual([]);
  });
});

describe('choice-based sign-in (USER_AUTH) on a pool that remembers devices', () => {
  it('the password through PASSWORD_SRP confirms the device, and the next sign-in proves it instead of MFA', async () => {
    expect(await signIn('choice', choice, carol)).toEqual(['password', 'totp-code', 'done']);
    expect(await poolDevices(choice, carol)).toHaveLength(1);
    backend.resetCounts();
    expect(await signIn('choice', choice, carol)).toEqual(['password', 'done']);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER')).toBe(1);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:SOFTWARE_TOKEN_MFA')).toBe(0);
  });

  it('a device the pool forgot does not block it either', async () => {
    const before = await record('choice', carol);
    await backend
      .userPoolClient()
      .send(new AdminForgetDeviceCommand({ UserPoolId: choice.userPoolId, Username: carol.username, DeviceKey: before?.deviceKey }));
    // The password is not asked again: it is sent once more, without the device.
    expect(await signIn('choice', choice, carol)).toEqual(['password', 'totp-code', 'done']);
    expect((await record('choice', carol))?.deviceKey).not.toBe(before?.deviceKey);
  });
});
