import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView, SignInProgress } from '../../../main/contract/app-api.js';
import type { CallResponse, EventMessage } from '../../../main/contract/transport.js';
import type { AppService } from '../../../main/core/app/app-service.js';
import { keyringStore } from '../../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../../main/core/keychain/secret-store.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { roleArn, seedWorld, type SeededUser, type World } from '../../stand-ins/seed.js';
import { appAccountInput, appCallError, appCaller, appSandbox, closeAppSandbox } from '../../support/app-harness.js';
import { usePrivateKeychain } from '../../support/private-keychain.js';

/**
 * The AppApi implementation end to end on real parts: the project's test backend (SRP-verifying front over
 * cognito-local, identity-pool server), the real keychain, real files in a temp broker home and a temp
 * AWS config — every call made through dispatch(), as the window makes it.
 */
describe('app service on the real core', () => {
  let backend: Backend;
  let world: World;
  let totpUser: SeededUser;
  /** A second TOTP user, as real users are: its session is refreshed for other roles and revoked. */
  let opsUser: SeededUser;
  let dir: string;
  let home: string;
  let configFile: string;
  let service: AppService;
  const responses: CallResponse[] = [];
  const events: EventMessage[] = [];

  const call = appCaller(() => service, responses);
  const callError = appCallError(() => service, responses);
  const accountInput = (name: string, user: SeededUser) => appAccountInput(name, world, { username: user.username });

  let keychain: Awaited<ReturnType<typeof usePrivateKeychain>> | undefined;
  beforeAll(async () => {
    keychain = await usePrivateKeychain();
    backend = await startBackend();
    world = await seedWorld(backend);
    totpUser = await world.totpUser(['admins', 'developers']);
    opsUser = await world.totpUser(['developers', 'readonly']);
    ({ dir, home, service } = await appSandbox('cb-app-'));
    configFile = join(dir, 'aws', 'config');
    service.events.subscribe((m) => events.push(m));
  });

  afterAll(async () => {
    await closeAppSandbox({ dir, home, service }, ['dev', 'ops']);
    await backend?.stop();
    await keychain?.restore();
  });

  it('adds accounts and lists them as needing sign-in', async () => {
    const dev = await call<AccountView>('addAccount', accountInput('dev', totpUser));
    expect(dev).toMatchObject({ name: 'dev', authFlow: 'srp', hasClientSecret: false, active: false, profiles: [], session: { state: 'needs-sign-in' } });
    await call('addAccount', accountInput('ops', opsUser));
    const list = await call<AccountView[]>('listAccounts');
    expect(list.map((a) => [a.name, a.session.state])).toEqual([
      ['dev', 'needs-sign-in'],
      ['ops', 'needs-sign-in'],
    ]);
    const dup = await callError('addAccount', accountInput('dev', totpUser));
    expect(dup?.code).toBe('account-exists');
  });

  it('tests account settings before saving: reaches the pools, names what is wrong', async () => {
    const good = await call<{ userPool: { ok: boolean; message: string }; identityPool: { ok: boolean; message: string } }>(
      'checkAccount',
      accountInput('new', opsUser),
    );
    expect(good.userPool).toEqual({ ok: true, message: `Reached app client ${world.clientId} of user pool ${world.userPoolId}.` });
    expect(good.identityPool.ok).toBe(true);
    const bad = await call<typeof good>('checkAccount', {
      ...accountInput('new', opsUser),
      clientId: 'nosuchclient1',
      identityPoolId: `${backend.region}:00000000-0000-0000-0000-000000000000`,
    });
    expect(bad.userPool).toEqual({
      ok: false,
      message: `The user pool in ${backend.region} has no app client nosuchclient1; check the client id, pool id and region.`,
    });
    expect(bad.identityPool).toEqual({
      ok: false,
      message: `There is no identity pool ${backend.region}:00000000-0000-0000-0000-000000000000 in ${backend.region}; check its id.`,
    });
  });

  it('signs in step by step with SRP and TOTP, re-asking after a wrong code', async () => {
    const start = await call<SignInProgress>('signInStart', 'dev', totpUser.username);
    expect(start.step).toEqual({ kind: 'password', username: totpUser.username });
    const totp = await call<SignInProgress>('signInAnswer', start.flowId, totpUser.password);
    expect(totp.step).toEqual({ kind: 'totp-code' });
    const wrong = await call<SignInProgress>('signInAnswer', start.flowId, '000000');
    expect(wrong.step).toEqual({ kind: 'totp-code' });
    expect(wrong.retryReason).toBeTruthy();
    const done = await call<SignInProgress>('signInAnswer', start.flowId, world.totpCode(totpUser.totpSecret!));
    expect(done.step.kind).toBe('done');
    if (done.step.kind !== 'done') return;
    expect(done.step.session).toMatchObject({ state: 'signed-in', username: totpUser.username });
    expect(done.step.session.roles.map((r) => [r.arn, r.preferred])).toEqual(
      expect.arrayContaining([
        [roleArn('BrokerAdmin'), true],
        [roleArn('BrokerDeveloper'), false],
      ]),
    );
    expect(events.some((e) => e.event === 'accounts-changed')).toBe(true);
  });

  it('lists the signed-in account with its session state, identity and role', async () => {
    const [dev] = await call<AccountView[]>('listAccounts');
    expect(dev?.session.state).toBe('signed-in');
    expect(dev?.session.identityId).toMatch(/^[\w-]+:[0-9a-f-]+$/);
    expect(dev?.session.activeRoleArn).toBe(roleArn('BrokerAdmin'));
    expect(Date.parse(dev!.session.credentialsExpireAt!)).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(dev?.session.groups.map((g) => g.name).sort()).toEqual(['admins', 'developers']);
    expect(await service.listSignedIn()).toEqual([{ account: 'dev', credentialsExpireAt: Date.parse(dev!.session.credentialsExpireAt!) }]);
  });

  it('makes an account active through the active profile and gives export lines that reference a profile', async () => {
    await call('setActiveAccount', 'dev');
    const config = await readFile(configFile, 'utf8');
    expect(config).toContain('[profile cognito-broker-active]');
    expect(config).toContain('credential_process');
    const [dev] = await call<AccountView[]>('listAccounts');
    expect(dev?.active).toBe(true);
    const lines = await call<string>('exportLines', 'dev');
    expect(lines).toBe(`export AWS_PROFILE=dev\nexport AWS_REGION=${backend.region}\n`);
    const profiles = await call<{ name: string; account: string }[]>('listProfiles');
    expect(
      profiles
        .filter((p) => p.account === 'dev')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['cognito-broker-active', 'dev']);
  });

  it('answers a credential-process hand-off once the person signs in, and refuses it when they cancel', async () => {
    const waiting = service.requestSignIn('ops');
    expect(events.at(-1)).toEqual({ event: 'sign-in-requested', payload: { account: 'ops' } });
    const start = await call<SignInProgress>('signInStart', 'ops', opsUser.username);
    const totp = await call<SignInProgress>('signInAnswer', start.flowId, opsUser.password);
    expect(totp.step).toEqual({ kind: 'totp-code' });
    const done = await call<SignInProgress>('signInAnswer', start.flowId, world.totpCode(opsUser.totpSecret!));
    expect(done.step.kind).toBe('done');
    await expect(waiting).resolves.toBeUndefined();

    const refused = service.requestSignIn('ops');
    const again = await call<SignInProgress>('signInStart', 'ops', opsUser.username);
    await call('signInCancel', again.flowId);
    await expect(refused).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('changes the default role only to a role the groups grant', async () => {
    const denied = await callError('setDefaultRole', 'ops', roleArn('BrokerAdmin'));
    expect(denied?.code).toBe('role-not-allowed');
    const before = await call<AccountView>('getAccount', 'ops');
    expect(before.session.activeRoleArn).toBe(roleArn('BrokerDeveloper'));
    const ops = await call<AccountView>('setDefaultRole', 'ops', roleArn('BrokerReadOnly'));
    expect(ops.defaultRoleArn).toBe(roleArn('BrokerReadOnly'));
    expect(ops.session.activeRoleArn).toBe(roleArn('BrokerReadOnly'));
    // The background refresher's call: new credentials for the new default role.
    const issuedBefore = backend.issued.length;
    const expiry = await service.refreshAccount('ops');
    expect(expiry).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(backend.issued.length).toBe(issuedBefore + 1);
    expect(backend.issued.at(-1)?.roleArn).toBe(roleArn('BrokerReadOnly'));
    expect((await service.listSignedIn()).map((a) => a.account)).toEqual(['dev', 'ops']);
    // A profile for another role: the refresher keeps its credentials fresh as well.
    const profile = await call<{ name: string; roleArn: string }>('addProfile', 'ops', roleArn('BrokerDeveloper'));
    expect(profile.roleArn).toBe(roleArn('BrokerDeveloper'));
    const issuedBeforeRoles = backend.issued.length;
    await service.refreshAccount('ops');
    expect(backend.issued.slice(issuedBeforeRoles).map((c) => c.roleArn)).toEqual([roleArn('BrokerDeveloper')]);
  });

  it('re-asks after a wrong password, then fails with a sentence, and records it', async () => {
    const start = await call<SignInProgress>('signInStart', 'ops', opsUser.username);
    let step = await call<SignInProgress>('signInAnswer', start.flowId, 'not-the-password-1A!');
    expect(step.step).toEqual({ kind: 'password', username: opsUser.username });
    expect(step.retryReason).toMatch(/password/i);
    for (let i = 0; i < 5 && step.step.kind === 'password'; i++) step = await call<SignInProgress>('signInAnswer', start.flowId, 'not-the-password-1A!');
    expect(step.step.kind).toBe('failed');
    if (step.step.kind === 'failed') expect(step.step.message).toMatch(/\.$/);
  });

  it('signs out: the session is gone from the keychain and the list says so', async () => {
    const store = keyringStore(home);
    const refreshToken = await store.get(secretKeys.refreshToken('dev'));
    expect(refreshToken).toBeTruthy();
    backend.resetCounts();
    await call('signOut', 'dev');
    expect(await store.get(secretKeys.refreshToken('dev'))).toBeNull();
    // The TOTP user's refresh token was revoked at the user pool, not only forgotten here.
    expect(backend.counts.userPool.get('RevokeToken')).toBe(1);
    await expect(
      backend
        .userPoolClient()
        .send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: world.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken! } })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    const [dev] = await call<AccountView[]>('listAccounts');
    expect(dev?.session.state).toBe('needs-sign-in');
  });

  it('keeps an activity log of what happened, newest first', async () => {
    const entries = await call<{ kind: string; account?: string; message: string }[]>('listActivity', 50);
    const kinds = entries.map((e) => `${e.kind}:${e.account ?? ''}`);
    expect(kinds[0]).toBe('sign-out:dev');
    expect(kinds).toEqual(
      expect.arrayContaining(['sign-in:dev', 'sign-in:ops', 'sign-in-failed:ops', 'profile:dev', 'account:dev', 'account:ops', 'refresh:ops']),
    );
  });

  it('removes an account with its profiles and keychain entries', async () => {
    await call('removeAccount', 'ops');
    expect(await keyringStore(home).get(secretKeys.refreshToken('ops'))).toBeNull();
    expect((await call<AccountView[]>('listAccounts')).map((a) => a.name)).toEqual(['dev']);
  });

  it('never sent a password, code seed, token or key to the window', async () => {
    const wire = JSON.stringify({ responses, events });
    expect(responses.length).toBeGreaterThan(20);
    for (const secret of [totpUser.password, opsUser.password, totpUser.totpSecret!, opsUser.totpSecret!]) expect(wire).not.toContain(secret);
    for (const issued of backend.issued) {
      expect(wire).not.toContain(issued.accessKeyId);
      expect(wire).not.toContain(issued.secretAccessKey);
    }
    expect(wire).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });
});
