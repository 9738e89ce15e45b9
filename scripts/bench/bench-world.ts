import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Account } from '../../main/core/accounts/account.js';
import type { Prompter } from '../../main/core/auth/prompter.js';
import { CredentialBroker } from '../../main/core/credentials/credential-broker.js';
import { defaultSessionAuth } from '../../main/core/credentials/default-session-auth.js';
import { KeyringStore } from '../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../main/core/keychain/secret-store.js';
import { startBackend } from '../../test/stand-ins/backend.js';
import { roleArn, seedWorld } from '../../test/stand-ins/seed.js';

/**
 * What `npm run bench` measures against: the project's test backend (cognito-local + identity-pool
 * server on loopback), a seeded pool, a temp broker home with one account signed in through the real core,
 * and the real keychain of the session it runs in. Bundled by scripts/bench.mjs with esbuild on the fly,
 * because the benchmark is a plain .mjs file and this is TypeScript.
 */
export interface BenchWorld {
  account: string;
  defaultRole: string;
  otherRole: string;
  /** Environment for child processes (CLI, AWS CLI): home, config file, endpoints, keychain session. */
  env: Record<string, string>;
  counts(): { refresh: number; getCredentials: number; getId: number; all: Record<string, number> };
  resetCounts(): void;
  lastIssuedAccessKeyId(): string | undefined;
  /** Leave the cached credentials of a role key in place but with 5 minutes left (stale for the broker). */
  makeStale(roleKey: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchWorld(dir: string): Promise<BenchWorld> {
  const backend = await startBackend();
  try {
    const world = await seedWorld(backend);
    const user = await world.plainUser(['developers', 'readonly']);
    const home = join(dir, 'home');
    await mkdir(home, { recursive: true, mode: 0o700 });
    const account: Account = {
      name: 'bench',
      region: backend.region,
      userPoolId: world.userPoolId,
      clientId: world.clientId,
      hasClientSecret: false,
      identityPoolId: world.identityPoolId,
      username: user.username,
      authFlow: 'srp',
      defaultRoleArn: roleArn('BrokerDeveloper'),
    };
    await writeFile(join(home, 'accounts.json'), JSON.stringify({ version: 1, accounts: [account] }, null, 2), { mode: 0o600 });
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...backend.env(),
      COGNITO_BROKER_HOME: home,
      AWS_CONFIG_FILE: join(dir, 'aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws', 'credentials'),
    };
    delete env.AWS_PROFILE;
    const store = new KeyringStore(home);
    const broker = new CredentialBroker({ home, store, auth: defaultSessionAuth, env: backend.env() });
    const prompter: Prompter = {
      async ask(prompt) {
        if (prompt.kind === 'password') return user.password;
        if (prompt.kind === 'username') return user.username;
        throw new Error(`unexpected prompt ${prompt.kind}`);
      },
    };
    await broker.login(account, prompter);
    await broker.getCredentials(account, { roleArn: roleArn('BrokerReadOnly') });
    return {
      account: account.name,
      defaultRole: roleArn('BrokerDeveloper'),
      otherRole: roleArn('BrokerReadOnly'),
      env,
      counts: () => ({
        // Refreshes at the user pool, whichever operation made them (GetTokensFromRefreshToken first).
        refresh: backend.counts.userPool.get('GetTokensFromRefreshToken') + backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH'),
        getCredentials: backend.counts.identity.get('GetCredentialsForIdentity'),
        getId: backend.counts.identity.get('GetId'),
        all: { ...backend.counts.userPool.snapshot(), ...backend.counts.identity.snapshot() },
      }),
      resetCounts: () => backend.resetCounts(),
      lastIssuedAccessKeyId: () => backend.issued.at(-1)?.accessKeyId,
      async makeStale(roleKey) {
        const key = secretKeys.credentials(account.name, roleKey);
        const cached = JSON.parse((await store.get(key)) ?? 'null') as Record<string, string> | null;
        if (!cached) throw new Error(`nothing cached under ${key}`);
        cached.expiration = new Date(Date.now() + 5 * 60_000).toISOString();
        await store.set(key, JSON.stringify(cached));
      },
      async stop() {
        await store.deleteAll(account.name).catch(() => undefined);
        await backend.stop();
      },
    };
  } catch (error) {
    await backend.stop();
    throw error;
  }
}

export { startNetworkWorld, type NetworkWorld } from './network-world.js';
