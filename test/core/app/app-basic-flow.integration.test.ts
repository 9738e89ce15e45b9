import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInProgress } from '../../../main/contract/app-api.js';
import type { AppService } from '../../../main/core/app/app-service.js';
import { parseCachedCredentials } from '../../../main/core/credentials/cached-credentials.js';
import { keyringStore } from '../../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../../main/core/keychain/secret-store.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { roleArn, seedWorld, type SeededUser, type World } from '../../stand-ins/seed.js';
import { startStsServer, type StsServer } from '../../stand-ins/sts-server.js';
import { appAccountInput, appCaller, appSandbox, closeAppSandbox } from '../../support/app-harness.js';
import { usePrivateKeychain } from '../../support/private-keychain.js';

/**
 * Longer sessions (issue 7) through the app and the credential broker: an account with `basicFlow` gets its
 * credentials from GetOpenIdToken (the project's identity-pool server, AllowClassicFlow on, no role
 * mappings) + AssumeRoleWithWebIdentity at the STS stand-in with the account's duration — never from
 * GetCredentialsForIdentity — at sign-in and at every refresh; a pool without the classic flow is named.
 */
let backend: Backend;
let world: World;
let enhancedOnly: World;
let sts: StsServer;
let user: SeededUser;
let otherUser: SeededUser;
let dir: string;
let home: string;
let service: AppService;
const TWO_HOURS = 7200;

const call = appCaller(() => service);

function accountInput(name: string, w: World, u: SeededUser) {
  return appAccountInput(name, w, {
    username: u.username,
    basicFlow: { durationSeconds: TWO_HOURS },
    endpoints: { cognitoIdentityProvider: backend.userPoolEndpoint, cognitoIdentity: backend.identityEndpoint, sts: sts.endpoint },
  });
}

async function signIn(name: string, u: SeededUser): Promise<SignInProgress> {
  const start = await call<SignInProgress>('signInStart', name);
  return call<SignInProgress>('signInAnswer', start.flowId, u.password);
}

let keychain: Awaited<ReturnType<typeof usePrivateKeychain>> | undefined;
beforeAll(async () => {
  keychain = await usePrivateKeychain();
  backend = await startBackend();
  world = await seedWorld(backend, { allowClassicFlow: true, roleMapping: 'none' });
  enhancedOnly = await seedWorld(backend, { allowClassicFlow: false, roleMapping: 'none' });
  user = await world.plainUser(['developers']);
  otherUser = await enhancedOnly.plainUser(['developers']);
  sts = await startStsServer({
    openIdJwk: () => backend.openIdPublicJwk(),
    roles: [{ arn: roleArn('BrokerDeveloper'), maxSessionDuration: 43_200, trustedIdentityPools: [world.identityPoolId, enhancedOnly.identityPoolId] }],
  });
  ({ dir, home, service } = await appSandbox('cb-app-basic-', { open: async () => false }));
});

afterAll(async () => {
  await closeAppSandbox({ dir, home, service }, ['long', 'refused']);
  await sts?.stop();
  await backend?.stop();
  await keychain?.restore();
});

describe('longer sessions through the basic flow', () => {
  it('signs in with GetOpenIdToken + AssumeRoleWithWebIdentity for the chosen duration, not GetCredentialsForIdentity', async () => {
    await call('addAccount', accountInput('long', world, user));
    backend.resetCounts();
    const done = await signIn('long', user);
    expect(done.step.kind).toBe('done');
    expect(backend.counts.identity.get('GetOpenIdToken')).toBe(1);
    expect(backend.counts.identity.get('GetCredentialsForIdentity')).toBe(0);
    const issued = sts.issued.at(-1)!;
    expect(issued).toMatchObject({ roleArn: roleArn('BrokerDeveloper'), durationSeconds: TWO_HOURS });

    const cached = parseCachedCredentials(await keyringStore(home).get(secretKeys.credentials('long', 'default')));
    expect(cached?.accessKeyId).toBe(issued.accessKeyId);
    const lasts = Date.parse(cached!.expiration) - Date.now();
    expect(lasts).toBeGreaterThan((TWO_HOURS - 120) * 1000);
    expect(lasts).toBeLessThanOrEqual(TWO_HOURS * 1000);
  });

  it('renews through the basic flow as well (the background refresher call)', async () => {
    // Drop the cached credentials so the refresher must renew them.
    await keyringStore(home).delete(secretKeys.credentials('long', 'default'));
    backend.resetCounts();
    const before = sts.issued.length;
    const expiresAt = await service.refreshAccount('long');
    expect(sts.issued.length).toBe(before + 1);
    expect(backend.counts.identity.get('GetOpenIdToken')).toBe(1);
    expect(backend.counts.identity.get('GetCredentialsForIdentity')).toBe(0);
    expect(expiresAt - Date.now()).toBeGreaterThan((TWO_HOURS - 120) * 1000);
  });

  it('names the identity-pool setting when the pool does not allow the basic flow', async () => {
    await call('addAccount', accountInput('refused', enhancedOnly, otherUser));
    const done = await signIn('refused', otherUser);
    expect(done.step.kind).toBe('failed');
    if (done.step.kind !== 'failed') return;
    expect(done.step.message).toBe('The identity pool of account refused does not allow the basic (classic) flow that longer sessions need.');
    expect(done.step.hint).toContain('AllowClassicFlow');
  });
});
