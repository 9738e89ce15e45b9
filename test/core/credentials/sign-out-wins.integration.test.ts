import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../main/core/accounts/account.js';
import type { CredentialBroker } from '../../../main/core/credentials/credential-broker.js';
import { composeBroker } from '../../../main/core/composition/compose-broker.js';
import { KeyringStore } from '../../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../../main/core/keychain/secret-store.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type SeededUser, type World } from '../../stand-ins/seed.js';
import { worldAccount } from '../../stand-ins/world-account.js';
import { userPrompter } from '../../support/broker-world.js';

/**
 * Sign-out and sign-in win over a refresh that began before them: a refresh whose identity-pool answer is late
 * races `logout`, and races a sign-in as another user, round after round with the race landing at different
 * moments. Afterwards nothing of the old session is stored — no credentials, no tokens, no identity — and after
 * a new sign-in every cached credential belongs to the new user. Two broker objects stand for the two
 * processes (a background refresh and the person's command); they meet only through the keychain and the
 * file locks, as separate processes do.
 */
const ROUNDS = 50;

let backend: Backend;
let world: World;
let home: string;
let store: KeyringStore;
let refresher: CredentialBroker;
let person: CredentialBroker;
let account: Account;
let alice: SeededUser;
let bob: SeededUser;

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend);
  alice = await world.plainUser(['developers']);
  bob = await world.plainUser(['readonly']);
  home = await mkdtemp(join(tmpdir(), 'cb-sign-out-wins-'));
  store = new KeyringStore(home);
  // The password flow keeps 50 sign-ins cheap; the race is about what happens after the user pool answers.
  account = worldAccount(backend, world, { authFlow: 'password' });
  refresher = composeBroker(home, {}, { store }).broker;
  person = composeBroker(home, {}, { store }).broker;
});

afterAll(async () => {
  await store?.deleteAll(account.name).catch(() => undefined);
  await backend?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

/**
 * Signs `user` in, makes the default credentials stale, and starts a refresh whose identity-pool answer is
 * late. Even rounds return once the identity pool has the call (the window where the refresh already holds
 * renewed tokens and waits for credentials); odd rounds at varied moments before, during and after the
 * user-pool renewal.
 */
async function staleRefreshInFlight(user: SeededUser, round: number): Promise<{ refresh: Promise<unknown> }> {
  await person.login(account, userPrompter(world, user));
  const key = secretKeys.credentials(account.name, 'default');
  const cached = JSON.parse((await store.get(key))!) as Record<string, string>;
  await store.set(key, JSON.stringify({ ...cached, expiration: new Date(Date.now() + 5 * 60_000).toISOString() }));
  backend.inject('identity', { operation: 'GetCredentialsForIdentity', delayMs: 600, times: 1 });
  const calls = backend.counts.identity.get('GetCredentialsForIdentity');
  const refresh = refresher.getCredentials(account).catch((error: unknown) => error);
  if (round % 2 === 0) {
    const deadline = Date.now() + 10_000;
    while (backend.counts.identity.get('GetCredentialsForIdentity') === calls && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  } else {
    await new Promise((r) => setTimeout(r, (round * 37) % 220));
  }
  // Wrapped: an async function returning the promise itself would wait for it.
  return { refresh };
}

describe('sign-out and sign-in win over a refresh already under way', () => {
  it(`logout: after ${ROUNDS} races nothing of the session is stored`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { refresh } = await staleRefreshInFlight(alice, round);
      await person.logout(account);
      const outcome = await refresh;
      const left = (await store.keysOf(account.name)).filter((key) => key !== secretKeys.clientSecret(account.name));
      expect({ round, left }).toEqual({ round, left: [] });
      // A refresh that lost the race says so plainly; one that finished first was simply signed out after.
      if (outcome instanceof Error) expect((outcome as { code?: string }).code).toBe('not-signed-in');
      backend.clearFaults();
    }
  });

  it(`a sign-in as another user: after ${ROUNDS} races only the new user's session and credentials are stored`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { refresh } = await staleRefreshInFlight(alice, round);
      const bobs = await person.login(account, userPrompter(world, bob));
      await refresh;
      const session = JSON.parse((await store.get(secretKeys.session(account.name)))!) as { username: string };
      expect({ round, user: session.username }).toEqual({ round, user: bob.username });
      const identity = JSON.parse((await store.get(secretKeys.identityId(account.name)))!) as { sub: string; identityId: string };
      expect({ round, sub: identity.sub }).toEqual({ round, sub: bob.sub });
      for (const key of (await store.keysOf(account.name)).filter((k) => k.startsWith(`${account.name}/credentials/`))) {
        const cached = JSON.parse((await store.get(key))!) as { identityId: string };
        expect({ round, key, identityId: cached.identityId }).toEqual({ round, key, identityId: bobs.credentials.identityId });
      }
      backend.clearFaults();
      await person.logout(account);
    }
  });
});
