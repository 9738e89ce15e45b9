import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type IAuthenticationCallback } from 'amazon-cognito-identity-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../../main/core/accounts/account.js';
import { keychainDevices } from '../../../../main/core/auth/devices/device-store.js';
import type { Prompter } from '../../../../main/core/auth/prompter.js';
import { signIn } from '../../../../main/core/auth/sign-in.js';
import { KeyringStore } from '../../../../main/core/keychain/keyring-store.js';
import { startBackend, type Backend } from '../../../stand-ins/backend.js';
import { seedWorld, type SeededUser, type World } from '../../../stand-ins/seed.js';
import { MapStorage } from '../../../support/map-storage.js';

/**
 * The oracle for the broker's remembered devices: AWS's own amazon-cognito-identity-js. A device the broker
 * confirmed (its verifier made by device-verifier.ts) lets identity-js sign in by device SRP with the broker's
 * device key, group key and password; a device identity-js confirmed lets the broker do the same. Both skip the
 * authenticator code, so each side's proof matches the other's verifier on the same backend.
 */
let backend: Backend;
let world: World;
let dir: string;
let store: KeyringStore;
let account: Account;

/** identity-js's authenticateUser; resolves with whether it was asked for the authenticator code. */
function identityJsSignIn(storage: MapStorage, user: SeededUser): Promise<{ askedForCode: boolean }> {
  const pool = new CognitoUserPool({ UserPoolId: world.userPoolId, ClientId: world.clientId, endpoint: backend.userPoolEndpoint, Storage: storage });
  const cognitoUser = new CognitoUser({ Username: user.username, Pool: pool, Storage: storage });
  let askedForCode = false;
  return new Promise((resolve, reject) => {
    const callbacks: IAuthenticationCallback = {
      onSuccess: () => resolve({ askedForCode }),
      onFailure: reject,
      totpRequired: () => {
        askedForCode = true;
        cognitoUser.sendMFACode(world.totpCode(user.totpSecret!), callbacks, 'SOFTWARE_TOKEN_MFA');
      },
    };
    cognitoUser.authenticateUser(new AuthenticationDetails({ Username: user.username, Password: user.password }), callbacks);
  });
}

function prompter(user: SeededUser, asked: string[]): Prompter {
  return {
    ask(prompt) {
      asked.push(prompt.kind);
      if (prompt.kind === 'password') return Promise.resolve(user.password);
      if (prompt.kind === 'totp-code') return Promise.resolve(world.totpCode(user.totpSecret!));
      return Promise.reject(new Error(`unexpected prompt ${prompt.kind}`));
    },
  };
}

async function brokerSignIn(user: SeededUser): Promise<string[]> {
  const asked: string[] = [];
  await signIn({ ...account, username: user.username }, { prompter: prompter(user, asked), devices: keychainDevices(store, account.name) });
  return asked;
}

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend, { deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false } });
  dir = await mkdtemp(join(tmpdir(), 'cb-device-oracle-'));
  store = new KeyringStore(join(dir, 'home'));
  account = {
    name: 'oracle',
    region: backend.region,
    userPoolId: world.userPoolId,
    clientId: world.clientId,
    hasClientSecret: false,
    identityPoolId: world.identityPoolId,
    authFlow: 'srp',
    endpoints: { cognitoIdentityProvider: backend.userPoolEndpoint, cognitoIdentity: backend.identityEndpoint },
  };
});

afterAll(async () => {
  await store?.deleteAll('oracle').catch(() => undefined);
  await backend?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the broker's devices and AWS's identity-js agree", () => {
  it('a device the broker confirmed signs identity-js in by device SRP, without the code', async () => {
    const user = await world.totpUser();
    expect(await brokerSignIn(user)).toEqual(['password', 'totp-code']);
    const record = await keychainDevices(store, account.name).recall(user.username);
    expect(record).toBeDefined();
    const storage = new MapStorage();
    const prefix = `CognitoIdentityServiceProvider.${world.clientId}.${user.username}`;
    storage.setItem(`${prefix}.deviceKey`, record!.deviceKey);
    storage.setItem(`${prefix}.deviceGroupKey`, record!.deviceGroupKey);
    storage.setItem(`${prefix}.randomPasswordKey`, record!.devicePassword);
    backend.resetCounts();
    expect(await identityJsSignIn(storage, user)).toEqual({ askedForCode: false });
    expect(backend.counts.userPool.get('RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER')).toBe(1);
  });

  it('a device identity-js confirmed signs the broker in by device SRP, without the code', async () => {
    const user = await world.totpUser();
    const storage = new MapStorage();
    expect(await identityJsSignIn(storage, user)).toEqual({ askedForCode: true });
    const prefix = `CognitoIdentityServiceProvider.${world.clientId}.${user.username}`;
    await keychainDevices(store, account.name).keep({
      deviceKey: storage.getItem(`${prefix}.deviceKey`) ?? '',
      deviceGroupKey: storage.getItem(`${prefix}.deviceGroupKey`) ?? '',
      devicePassword: storage.getItem(`${prefix}.randomPasswordKey`) ?? '',
      username: user.username,
      remembered: true,
      rememberedAt: new Date().toISOString(),
    });
    backend.resetCounts();
    expect(await brokerSignIn(user)).toEqual(['password']);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER')).toBe(1);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:SOFTWARE_TOKEN_MFA')).toBe(0);
  });
});
