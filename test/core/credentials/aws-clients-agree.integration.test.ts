import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import * as cognitoJs from 'amazon-cognito-identity-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../main/core/accounts/account.js';
import { verifyIdToken } from '../../../main/core/auth/token-verifier.js';
import { identityProviderName } from '../../../main/core/aws/endpoints.js';
import type { CredentialBroker } from '../../../main/core/credentials/credential-broker.js';
import { composeBroker } from '../../../main/core/composition/compose-broker.js';
import { getCredentialsForIdentity, getIdentityId } from '../../../main/core/credentials/identity-pool.js';
import { KeyringStore } from '../../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../../main/core/keychain/secret-store.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { roleArn, seedWorld, type SeededUser, type World } from '../../stand-ins/seed.js';
import { worldAccount } from '../../stand-ins/world-account.js';
import { userPrompter } from '../../support/broker-world.js';

/**
 * AWS's own clients as the oracles of the test backend, next to the broker: amazon-cognito-identity-js signs in
 * (SRP, then SRP + TOTP) and the broker accepts that session's tokens; the SDK's `fromCognitoIdentityPool`,
 * given the same ID token, gets credentials for the same role the broker gets; and a pool whose users sign in
 * with their e-mail address (an alias: USER_ID_FOR_SRP differs from what was typed) signs in through the broker
 * over SRP with and without a client secret. Where the backend and an AWS client disagreed, the backend would be
 * wrong — these tests fail if it drifts toward the broker's own assumptions.
 */
let backend: Backend;
let world: World;
let home: string;
let store: KeyringStore;
let broker: CredentialBroker;

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend);
  home = await mkdtemp(join(tmpdir(), 'cb-oracles-'));
  store = new KeyringStore(home);
  broker = composeBroker(home, {}, { store }).broker;
});

afterAll(async () => {
  for (const name of ['work', 'alias', 'alias-secret']) await store?.deleteAll(name).catch(() => undefined);
  await backend?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

/** amazon-cognito-identity-js's whole sign-in (USER_SRP_AUTH, PASSWORD_VERIFIER, and TOTP when asked). */
function jsSdkSignIn(user: SeededUser): Promise<cognitoJs.CognitoUserSession> {
  const pool = new cognitoJs.CognitoUserPool({ UserPoolId: world.userPoolId, ClientId: world.clientId, endpoint: backend.userPoolEndpoint });
  const cognitoUser = new cognitoJs.CognitoUser({ Username: user.username, Pool: pool });
  return new Promise((resolve, reject) => {
    const callbacks = {
      onSuccess: resolve,
      onFailure: reject,
      totpRequired: () => cognitoUser.sendMFACode(world.totpCode(user.totpSecret!), callbacks, 'SOFTWARE_TOKEN_MFA'),
      mfaRequired: () => reject(new Error('unexpected SMS MFA')),
    };
    cognitoUser.authenticateUser(new cognitoJs.AuthenticationDetails({ Username: user.username, Password: user.password }), callbacks);
  });
}

const account = (overrides: Partial<Account> = {}): Account => worldAccount(backend, world, overrides);

describe('amazon-cognito-identity-js and the broker agree', () => {
  it("the broker verifies the ID token of an SRP session AWS's client made, and gets its credentials", async () => {
    const user = await world.plainUser(['developers']);
    const session = await jsSdkSignIn(user);
    const idToken = session.getIdToken().getJwtToken();
    const claims = await verifyIdToken(account(), idToken, {});
    expect(claims['cognito:username']).toBe(user.username);
    const identityId = await getIdentityId(account(), idToken);
    const credentials = await getCredentialsForIdentity(account(), identityId, idToken);
    expect(credentials.accessKeyId).toBe(backend.issued.at(-1)?.accessKeyId);
    expect(backend.issued.at(-1)?.roleArn).toBe(roleArn('BrokerDeveloper'));
  });

  it('the same after an SRP + TOTP sign-in', async () => {
    const user = await world.totpUser(['admins']);
    backend.resetCounts();
    const session = await jsSdkSignIn(user);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:SOFTWARE_TOKEN_MFA')).toBe(1);
    const claims = await verifyIdToken(account(), session.getIdToken().getJwtToken(), {});
    expect(claims['cognito:groups']).toEqual(['admins']);
  });
});

describe("the SDK's fromCognitoIdentityPool and the broker get the same role from the backend's identity pool", () => {
  it('for the preferred role and for a chosen one', async () => {
    const user = await world.plainUser(['developers', 'readonly']);
    const login = await broker.login(account({ username: user.username }), userPrompter(world, user));
    const brokerRole = backend.issued.at(-1)!.roleArn;
    expect(login.credentials.roleArn).toBe(brokerRole);
    const { idToken } = JSON.parse((await store.get(secretKeys.session('work')))!) as { idToken: string };
    const logins = { [identityProviderName(account())]: idToken };
    const clientConfig = { region: backend.region, endpoint: backend.identityEndpoint };

    const sdkDefault = await fromCognitoIdentityPool({ identityPoolId: world.identityPoolId, logins, clientConfig })();
    expect(sdkDefault.accessKeyId).toBe(backend.issued.at(-1)?.accessKeyId);
    expect(backend.issued.at(-1)?.roleArn).toBe(brokerRole);
    expect(backend.issued.at(-1)?.identityId).toBe(login.credentials.identityId);

    const readonly = roleArn('BrokerReadOnly');
    const brokerChosen = await broker.getCredentials(account({ username: user.username }), { roleArn: readonly });
    const sdkChosen = await fromCognitoIdentityPool({ identityPoolId: world.identityPoolId, logins, customRoleArn: readonly, clientConfig })();
    expect(backend.issued.at(-1)?.accessKeyId).toBe(sdkChosen.accessKeyId);
    expect(backend.issued.at(-1)?.roleArn).toBe(readonly);
    expect(brokerChosen.credentials.roleArn).toBe(readonly);
  });
});

describe('a pool where people sign in with their e-mail address (an alias)', () => {
  let aliasWorld: World;
  beforeAll(async () => {
    aliasWorld = await seedWorld(backend, { usernameAttributes: ['email'] });
  });

  it('signs in over SRP, answering with USER_ID_FOR_SRP, without a client secret', async () => {
    const user = await aliasWorld.createUser({ username: 'erin@example.com', email: 'erin@example.com', groups: ['developers'] });
    backend.resetCounts();
    const result = await broker.login(
      worldAccount(backend, aliasWorld, { name: 'alias', username: 'erin@example.com' }),
      userPrompter(aliasWorld, user, 'erin@example.com'),
    );
    expect(backend.counts.userPool.get('InitiateAuth:USER_SRP_AUTH')).toBe(1);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:PASSWORD_VERIFIER')).toBe(1);
    expect(result.session.username).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.session.email).toBe('erin@example.com');
    expect(result.credentials.accessKeyId).toBe(backend.issued.at(-1)?.accessKeyId);
  });

  it('and with a client secret, SECRET_HASH over USER_ID_FOR_SRP; a refresh works with the stored pool username', async () => {
    const user = await aliasWorld.createUser({ username: 'frank@example.com', email: 'frank@example.com', groups: ['readonly'] });
    const secretAccount = worldAccount(backend, aliasWorld, {
      name: 'alias-secret',
      clientId: aliasWorld.secretClientId,
      hasClientSecret: true,
      username: 'frank@example.com',
    });
    await store.set(secretKeys.clientSecret('alias-secret'), aliasWorld.clientSecret);
    backend.resetCounts();
    const result = await broker.login(secretAccount, userPrompter(aliasWorld, user, 'frank@example.com'));
    expect(backend.counts.userPool.get('RespondToAuthChallenge:PASSWORD_VERIFIER')).toBe(1);
    expect(result.credentials.roleArn).toBe(roleArn('BrokerReadOnly'));
    // Stale the cache: the refresh must compute SECRET_HASH over the pool's name for the user, not the e-mail.
    const key = secretKeys.credentials('alias-secret', 'default');
    const cached = JSON.parse((await store.get(key))!) as Record<string, string>;
    await store.set(key, JSON.stringify({ ...cached, expiration: new Date(Date.now() + 60_000).toISOString() }));
    const refreshed = await broker.getCredentials(secretAccount);
    expect(refreshed.source).toBe('refresh');
    expect(refreshed.credentials.accessKeyId).toBe(backend.issued.at(-1)?.accessKeyId);
  });
});
