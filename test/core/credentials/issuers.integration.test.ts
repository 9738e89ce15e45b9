import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../main/core/accounts/account.js';
import { verifyIdToken } from '../../../main/core/auth/token-verifier.js';
import { decodeJwtPayload } from '../../../main/core/auth/jwt-payload.js';
import type { CredentialBroker } from '../../../main/core/credentials/credential-broker.js';
import { composeBroker } from '../../../main/core/composition/compose-broker.js';
import { BrokerError } from '../../../main/core/errors.js';
import { KeyringStore } from '../../../main/core/keychain/keyring-store.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { roleArn, seedWorld, type World } from '../../stand-ins/seed.js';
import { worldAccount } from '../../stand-ins/world-account.js';
import { userPrompter } from '../../support/broker-world.js';

/**
 * Issuers as AWS issues them, through the broker against the test backend (which signs like AWS: pool ids
 * `<region>_…`, `iss` = ORIGINAL or UPDATED, never the host the client called): an endpoint reached under a
 * second host name (as a FIPS or PrivateLink name would be), an account in a replica-style Region, the UPDATED
 * issuer, a token of another pool or issuer refused before any key is fetched, and an emulator that signs with
 * its own address — accepted only through the account's explicit `issuer` setting.
 */
interface Signed {
  broker: CredentialBroker;
  store: KeyringStore;
  cleanup(): Promise<void>;
}

async function brokerAt(): Promise<Signed> {
  const dir = await mkdtemp(join(tmpdir(), 'cb-issuers-'));
  const store = new KeyringStore(dir);
  const broker = composeBroker(dir, {}, { store }).broker;
  return {
    broker,
    store,
    async cleanup() {
      for (const name of ['work', 'replica', 'other', 'fips', 'emu']) await store.deleteAll(name).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<BrokerError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BrokerError);
    return error as BrokerError;
  }
  throw new Error('expected a refusal');
}

describe('ORIGINAL issuer (the default)', () => {
  let backend: Backend;
  let world: World;
  let b: Signed;
  beforeAll(async () => {
    backend = await startBackend({ region: 'us-east-1' });
    world = await seedWorld(backend);
    b = await brokerAt();
  });
  afterAll(async () => {
    await b?.cleanup();
    await backend?.stop();
  });

  it('an account reaching the pools under a second host name gets tokens naming AWS, keys from that host, and credentials', async () => {
    const user = await world.plainUser(['developers']);
    const port = (url: string) => new URL(url).port;
    const account: Account = worldAccount(backend, world, {
      name: 'fips',
      username: user.username,
      endpoints: {
        cognitoIdentityProvider: `http://localhost:${port(backend.userPoolEndpoint)}`,
        cognitoIdentity: `http://localhost:${port(backend.identityEndpoint)}`,
      },
    });
    backend.resetCounts();
    const result = await b.broker.login(account, userPrompter(world, user));
    const stored = JSON.parse((await b.store.get('fips/session'))!) as { idToken: string };
    expect(decodeJwtPayload(stored.idToken).iss).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${world.userPoolId}`);
    // The broker fetched the keys through the host name it was given (the identity pool fetches its own copy).
    expect(backend.counts.userPool.get(`GET jwks from localhost:${port(backend.userPoolEndpoint)}`)).toBe(1);
    expect(result.credentials.accessKeyId).toBe(backend.issued.at(-1)?.accessKeyId);
    expect(backend.issued.at(-1)?.roleArn).toBe(roleArn('BrokerDeveloper'));
  });

  it("an account in a replica-style Region: the issuer and the Logins key name the pool's primary Region", async () => {
    const user = await world.plainUser(['readonly']);
    const account = worldAccount(backend, world, { name: 'replica', region: 'eu-west-1', username: user.username });
    expect(account.userPoolId.startsWith('us-east-1_')).toBe(true);
    const result = await b.broker.login(account, userPrompter(world, user));
    expect(result.credentials.accessKeyId).toBe(backend.issued.at(-1)?.accessKeyId);
    expect(backend.issued.at(-1)?.roleArn).toBe(roleArn('BrokerReadOnly'));
  });

  it('a token of another pool, or one re-labelled with another issuer, is refused before any key is fetched', async () => {
    const other = await seedWorld(backend, { poolName: 'other-pool' });
    const stranger = await other.plainUser(['developers']);
    await b.broker.login(worldAccount(backend, other, { name: 'other', username: stranger.username }), userPrompter(other, stranger));
    const foreign = JSON.parse((await b.store.get('other/session'))!) as { idToken: string };
    const [header, payload, signature] = foreign.idToken.split('.') as [string, string, string];
    const relabelled = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwtPayload(foreign.idToken), iss: `${backend.userPoolEndpoint}/${world.userPoolId}` })).toString('base64url')}.${signature}`;
    const account = worldAccount(backend, world, { name: 'work' });
    backend.resetCounts();
    for (const token of [foreign.idToken, relabelled]) {
      const error = await refusal(verifyIdToken(account, token, {}));
      expect(error.code).toBe('token-invalid');
      expect(error.message).toContain(world.userPoolId);
    }
    expect(backend.counts.userPool.get('GET jwks')).toBe(0);
    expect(payload).toBeTruthy();
  });
});

describe('UPDATED issuer', () => {
  let backend: Backend;
  let world: World;
  let b: Signed;
  beforeAll(async () => {
    backend = await startBackend({ region: 'eu-west-1', issuerForm: 'updated' });
    world = await seedWorld(backend);
    b = await brokerAt();
  });
  afterAll(async () => {
    await b?.cleanup();
    await backend?.stop();
  });

  it('signs in, refreshes and gets credentials with tokens that name issuer-cognito-idp', async () => {
    const user = await world.plainUser(['admins']);
    const account = worldAccount(backend, world, { username: user.username });
    const result = await b.broker.login(account, userPrompter(world, user));
    const stored = JSON.parse((await b.store.get('work/session'))!) as { idToken: string };
    expect(decodeJwtPayload(stored.idToken).iss).toBe(`https://issuer-cognito-idp.eu-west-1.amazonaws.com/${world.userPoolId}`);
    expect(result.credentials.accessKeyId).toBe(backend.issued.at(-1)?.accessKeyId);
    expect(backend.issued.at(-1)?.roleArn).toBe(roleArn('BrokerAdmin'));
  });
});

describe('an emulator that signs with its own address', () => {
  let backend: Backend;
  let world: World;
  let b: Signed;
  beforeAll(async () => {
    backend = await startBackend({ issuerForm: 'emulator' });
    world = await seedWorld(backend);
    b = await brokerAt();
  });
  afterAll(async () => {
    await b?.cleanup();
    await backend?.stop();
  });

  it('is refused without the account setting, with one sentence that names it; nothing is stored', async () => {
    const user = await world.plainUser(['developers']);
    const account = worldAccount(backend, world, { name: 'emu', username: user.username });
    const error = await refusal(b.broker.login(account, userPrompter(world, user)));
    expect(error.code).toBe('token-invalid');
    expect(error.hint).toContain(`--issuer ${backend.cognitoLocalEndpoint}/${world.userPoolId}`);
    expect(await b.store.get('emu/refresh-token')).toBeNull();
  });

  it('works with the explicit issuer, which is then the only one accepted', async () => {
    const user = await world.plainUser(['developers']);
    const issuer = `${backend.cognitoLocalEndpoint}/${world.userPoolId}`;
    const account = worldAccount(backend, world, { name: 'emu', username: user.username, issuer });
    const result = await b.broker.login(account, userPrompter(world, user));
    expect(result.credentials.accessKeyId).toBe(backend.issued.at(-1)?.accessKeyId);
    const stored = JSON.parse((await b.store.get('emu/session'))!) as { idToken: string };
    expect(decodeJwtPayload(stored.idToken).iss).toBe(issuer);
  });
});
