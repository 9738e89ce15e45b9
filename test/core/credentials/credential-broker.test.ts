import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../main/core/accounts/account.js';
import type { Prompter } from '../../../main/core/auth/prompter.js';
import { composeBroker } from '../../../main/core/composition/compose-broker.js';
import { defaultSessionAuth } from '../../../main/core/credentials/default-session-auth.js';
import { BrokerError } from '../../../main/core/errors.js';
import { roleArn, type SeededUser } from '../../stand-ins/seed.js';
import { brokerWorld, makeStale, type BrokerWorld } from '../../support/broker-world.js';

/** The broker core against the real test backend and the real Secret Service. */
describe('CredentialBroker (real backend, real keychain)', () => {
  let w: BrokerWorld;
  beforeAll(async () => {
    w = await brokerWorld();
  });
  afterAll(async () => {
    await w?.cleanup();
  });

  it('login signs in over SRP, stores the session in the keychain, gets credentials the pool issued', async () => {
    w.backend.resetCounts();
    const result = await w.broker.login(w.account, w.prompter());
    const issued = w.backend.issued.at(-1);
    expect(issued).toBeDefined();
    expect(result.credentials.accessKeyId).toBe(issued?.accessKeyId);
    expect(result.credentials.secretAccessKey).toBe(issued?.secretAccessKey);
    // developers (precedence 5) beats readonly (10): the token's preferred role.
    expect(issued?.roleArn).toBe(roleArn('BrokerDeveloper'));
    expect(result.credentials.roleArn).toBe(roleArn('BrokerDeveloper'));
    expect(w.backend.counts.identity.get('GetId')).toBe(1);
    expect(await w.store.get(`${w.account.name}/refresh-token`)).toBeTruthy();
    expect(await w.store.get(`${w.account.name}/credentials/default`)).toContain(issued?.accessKeyId);
  });

  it('status comes from the keychain alone: user, groups, roles, active role and why, expiries', async () => {
    w.backend.resetCounts();
    const status = await w.broker.status(w.account);
    expect(status.state).toBe('signed-in');
    expect(status.username).toBe(w.user.username);
    expect(status.groups.map((g) => g.name).sort()).toEqual(['developers', 'readonly']);
    expect(status.roles.map((r) => r.arn).sort()).toEqual([roleArn('BrokerDeveloper'), roleArn('BrokerReadOnly')].sort());
    expect(status.activeRoleArn).toBe(roleArn('BrokerDeveloper'));
    expect(status.activeRoleReason).toMatch(/preferred/);
    expect(status.identityId).toMatch(/^us-east-1:/);
    expect(Date.parse(status.credentialsExpireAt ?? '')).toBeGreaterThan(Date.now() + 30 * 60_000);
    // Cognito does not tell the refresh token's lifetime: 30 days from sign-in, marked as an estimate.
    expect(Date.parse(status.refreshTokenExpiresAt ?? '') - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(status.refreshTokenExpiryEstimated).toBe(true);
    expect(w.backend.counts.userPool.snapshot()).toEqual({});
    expect(w.backend.counts.identity.snapshot()).toEqual({});
  });

  it('a cache hit makes no network call at all', async () => {
    w.backend.resetCounts();
    const result = await w.broker.getCredentials(w.account);
    expect(result.source).toBe('cache');
    expect(w.backend.counts.userPool.snapshot()).toEqual({});
    expect(w.backend.counts.identity.snapshot()).toEqual({});
  });

  it('stale credentials: exactly one GetTokensFromRefreshToken and one GetCredentialsForIdentity, GetId never repeated', async () => {
    await makeStale(w, 'default');
    w.backend.resetCounts();
    const result = await w.broker.getCredentials(w.account);
    expect(result.source).toBe('refresh');
    expect(w.backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
    expect(w.backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(0);
    expect(w.backend.counts.identity.get('GetCredentialsForIdentity')).toBe(1);
    expect(w.backend.counts.identity.get('GetId')).toBe(0);
    expect(result.credentials.accessKeyId).toBe(w.backend.issued.at(-1)?.accessKeyId);
    expect(Date.parse(result.credentials.expiration) - Date.now()).toBeGreaterThan(15 * 60_000);
  });

  it('--role picks another role the token allows; each (account, role) has its own cache entry', async () => {
    w.backend.resetCounts();
    const result = await w.broker.getCredentials(w.account, { roleArn: roleArn('BrokerReadOnly') });
    expect(w.backend.issued.at(-1)?.roleArn).toBe(roleArn('BrokerReadOnly'));
    expect(result.credentials.roleArn).toBe(roleArn('BrokerReadOnly'));
    expect(w.backend.counts.identity.get('GetId')).toBe(0);
    const again = await w.broker.getCredentials(w.account, { roleArn: roleArn('BrokerReadOnly') });
    expect(again.source).toBe('cache');
    expect(again.credentials.accessKeyId).toBe(result.credentials.accessKeyId);
  });

  it('a role the token does not allow is refused before any call, listing the allowed roles', async () => {
    w.backend.resetCounts();
    const error = await w.broker.getCredentials(w.account, { roleArn: roleArn('BrokerAdmin') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).code).toBe('role-not-allowed');
    expect((error as BrokerError).hint).toContain(roleArn('BrokerDeveloper'));
    expect(w.backend.counts.userPool.snapshot()).toEqual({});
    expect(w.backend.counts.identity.snapshot()).toEqual({});
  });

  it('a dead network with stale credentials is a clear network error, fast', async () => {
    await makeStale(w, 'default');
    const offline = { ...w.account, endpoints: { cognitoIdentityProvider: 'http://127.0.0.1:9', cognitoIdentity: 'http://127.0.0.1:9' } };
    const started = Date.now();
    const error = await w.broker.getCredentials(offline).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).code).toBe('network');
    expect((error as BrokerError).describe()).not.toMatch(/eyJ/);
    // Well inside the default 20 s deadline (a functional bound, not a speed target).
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('logout revokes the refresh token and deletes every keychain entry, even the cached credentials of other roles', async () => {
    const refreshToken = await w.store.get(`${w.account.name}/refresh-token`);
    expect(refreshToken).toBeTruthy();
    w.backend.resetCounts();
    const result = await w.broker.logout(w.account);
    expect(result.revoked).toBe(true);
    expect(w.backend.counts.userPool.get('RevokeToken')).toBe(1);
    expect(await w.store.keysOf(w.account.name)).toEqual([]);
    expect((await w.broker.status(w.account)).state).toBe('needs-sign-in');
    // The revoked token no longer refreshes.
    const error = await defaultSessionAuth.refreshSession(w.account, refreshToken as string, {}).catch((e: unknown) => e);
    expect((error as BrokerError).code).toBe('session-expired');
    // Not signed in: a clear error telling what to run.
    const missing = await w.broker.getCredentials(w.account).catch((e: unknown) => e);
    expect((missing as BrokerError).code).toBe('not-signed-in');
    expect((missing as BrokerError).hint).toContain(`cognito-broker login ${w.account.name}`);
  });

  it('logout still deletes the local entries when the user pool cannot be reached, and says so', async () => {
    await w.broker.login(w.account, w.prompter());
    const offline = { ...w.account, endpoints: { cognitoIdentityProvider: 'http://127.0.0.1:9', cognitoIdentity: 'http://127.0.0.1:9' } };
    const result = await w.broker.logout(offline);
    expect(result.revoked).toBe(false);
    expect(result.revokeError?.code).toBe('network');
    expect(await w.store.keysOf(w.account.name)).toEqual([]);
  });

  it('a revoked refresh token (signed out elsewhere) is session-expired, never a prompt', async () => {
    await w.broker.login(w.account, w.prompter());
    const token = await w.store.get(`${w.account.name}/refresh-token`);
    await defaultSessionAuth.revokeRefreshToken(w.account, token as string, {});
    await makeStale(w, 'default');
    const error = await w.broker.getCredentials(w.account).catch((e: unknown) => e);
    expect((error as BrokerError).code).toBe('session-expired');
    expect((error as BrokerError).hint).toContain(`cognito-broker login ${w.account.name}`);
  });

  it("another broker home never sees this home's entries", async () => {
    const other = composeBroker(`${w.home}-other`, {}).broker;
    expect((await other.status(w.account)).state).toBe('needs-sign-in');
  });
});

describe('CredentialBroker with an app client that has a secret', () => {
  let w: BrokerWorld;
  beforeAll(async () => {
    w = await brokerWorld({ name: 'secretive' });
  });
  afterAll(async () => {
    await w?.cleanup();
  });

  it("signs in and refreshes with SECRET_HASH from the keychain's client secret and the stored pool username", async () => {
    const account = { ...w.account, clientId: w.world.secretClientId, hasClientSecret: true };
    const missing = await w.broker.login(account, w.prompter()).catch((e: unknown) => e);
    expect((missing as BrokerError).code).toBe('config-invalid');
    await w.store.set(`${account.name}/client-secret`, w.world.clientSecret);
    await w.broker.login(account, w.prompter());
    await makeStale(w, 'default');
    w.backend.resetCounts();
    const result = await w.broker.getCredentials(account);
    expect(result.source).toBe('refresh');
    expect(w.backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
    expect(w.backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(0);
    // Sign-out keeps the client secret (it belongs to the account definition, not to the sign-in).
    await w.broker.logout(account);
    expect(await w.store.keysOf(account.name)).toEqual([`${account.name}/client-secret`]);
  });
});

describe('CredentialBroker with a TOTP user (the sign-in ends in a challenge, as for real users)', () => {
  let w: BrokerWorld;
  let user: SeededUser;
  let account: Account;
  beforeAll(async () => {
    w = await brokerWorld({ name: 'totp-work' });
    user = await w.world.totpUser(['developers', 'readonly']);
    account = { ...w.account, username: user.username };
  });
  afterAll(async () => {
    await w?.cleanup();
  });

  it('TOTP login → stale cache → exactly one refresh → logout revokes the refresh token', async () => {
    const asked: string[] = [];
    const person = w.prompter(user);
    const prompter: Prompter = { ...person, ask: (prompt, retryReason) => (asked.push(prompt.kind), person.ask(prompt, retryReason)) };
    const login = await w.broker.login(account, prompter);
    expect(asked).toContain('totp-code');
    expect(login.credentials.roleArn).toBe(roleArn('BrokerDeveloper'));
    const refreshToken = await w.store.get(`${account.name}/refresh-token`);
    expect(refreshToken).toBeTruthy();

    await makeStale(w, 'default');
    w.backend.resetCounts();
    const refreshed = await w.broker.getCredentials(account);
    expect(refreshed.source).toBe('refresh');
    expect(w.backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
    expect(w.backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(0);
    expect(w.backend.counts.userPool.get('InitiateAuth')).toBe(0);
    expect(w.backend.counts.userPool.get('RespondToAuthChallenge')).toBe(0);
    expect(w.backend.counts.identity.get('GetCredentialsForIdentity')).toBe(1);
    expect(w.backend.counts.identity.get('GetId')).toBe(0);
    expect(refreshed.credentials.accessKeyId).toBe(w.backend.issued.at(-1)?.accessKeyId);
    expect(refreshed.credentials.accessKeyId).not.toBe(login.credentials.accessKeyId);
    expect(refreshed.credentials.roleArn).toBe(roleArn('BrokerDeveloper'));
    expect(await w.store.get(`${account.name}/refresh-token`)).toBe(refreshToken);
    w.backend.resetCounts();
    expect((await w.broker.getCredentials(account)).source).toBe('cache');
    expect(w.backend.counts.userPool.snapshot()).toEqual({});

    const out = await w.broker.logout(account);
    expect(out.revokeError).toBeUndefined();
    expect(out.revoked).toBe(true);
    expect(w.backend.counts.userPool.get('RevokeToken')).toBe(1);
    expect(await w.store.keysOf(account.name)).toEqual([]);
    const error = await defaultSessionAuth.refreshSession(account, refreshToken as string, {}).catch((e: unknown) => e);
    expect((error as BrokerError).code).toBe('session-expired');
    expect(asked.filter((k) => k === 'totp-code')).toHaveLength(1);
  });
});
