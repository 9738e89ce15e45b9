import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from '../../main/core/accounts/account.js';
import type { Prompt, Prompter } from '../../main/core/auth/prompter.js';
import type { CredentialBroker } from '../../main/core/credentials/credential-broker.js';
import { composeBroker } from '../../main/core/composition/compose-broker.js';
import { KeyringStore } from '../../main/core/keychain/keyring-store.js';
import { startBackend, type Backend } from '../stand-ins/backend.js';
import { seedWorld, type SeededUser, type World } from '../stand-ins/seed.js';

/**
 * The real pieces a broker test needs: the project's test backend (cognito-local behind the SRP front, the
 * identity-pool server), a seeded pool, a temp broker home with an accounts file, and the real keychain
 * (namespaced by that home, so runs never meet). Nothing is stubbed.
 */
export interface BrokerWorld {
  backend: Backend;
  world: World;
  home: string;
  dir: string;
  account: Account;
  user: SeededUser;
  store: KeyringStore;
  broker: CredentialBroker;
  /** A prompter that answers like the person: username, password, TOTP codes. */
  prompter(user?: SeededUser): Prompter;
  cleanup(): Promise<void>;
}

export interface BrokerWorldOptions {
  name?: string;
  groups?: string[];
  defaultRoleArn?: string;
  backend?: Backend;
  /**
   * Leave the endpoints out of the account and give them through AWS_ENDPOINT_URL_* (the broker's env, and
   * `childEnv`), so one child process can be pointed elsewhere (a dead or hung server) than the next.
   */
  endpointsInEnv?: boolean;
}

export async function brokerWorld(options: BrokerWorldOptions = {}): Promise<BrokerWorld> {
  const backend = options.backend ?? (await startBackend());
  const world = await seedWorld(backend);
  const user = await world.plainUser(options.groups ?? ['developers', 'readonly']);
  const dir = await mkdtemp(join(tmpdir(), 'cb-broker-'));
  const home = join(dir, 'home');
  await mkdir(home, { recursive: true, mode: 0o700 });
  const account: Account = {
    name: options.name ?? 'work',
    region: backend.region,
    userPoolId: world.userPoolId,
    clientId: world.clientId,
    hasClientSecret: false,
    identityPoolId: world.identityPoolId,
    username: user.username,
    authFlow: 'srp',
    ...(options.defaultRoleArn === undefined ? {} : { defaultRoleArn: options.defaultRoleArn }),
    ...(options.endpointsInEnv ? {} : { endpoints: { cognitoIdentityProvider: backend.userPoolEndpoint, cognitoIdentity: backend.identityEndpoint } }),
  };
  await writeFile(join(home, 'accounts.json'), JSON.stringify({ version: 1, accounts: [account] }, null, 2), { mode: 0o600 });
  const store = new KeyringStore(home);
  const broker = composeBroker(home, options.endpointsInEnv ? backend.env() : {}, { store }).broker;
  const prompter = (who: SeededUser = user): Prompter => userPrompter(world, who);
  return {
    backend,
    world,
    home,
    dir,
    account,
    user,
    store,
    broker,
    prompter,
    async cleanup() {
      await store.deleteAll(account.name).catch(() => undefined);
      if (!options.backend) await backend.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A prompter that answers like the person: the username as typed (`typed`, e.g. an e-mail alias; the seeded
 * name by default), the password, TOTP codes.
 */
export function userPrompter(world: World, who: SeededUser, typed: string = who.username): Prompter {
  return {
    async ask(prompt: Prompt) {
      if (prompt.kind === 'username') return typed;
      if (prompt.kind === 'password') return who.password;
      if (prompt.kind === 'totp-code' && who.totpSecret) return world.totpCode(who.totpSecret);
      throw new Error(`unexpected prompt ${prompt.kind}`);
    },
  };
}

/** Environment for a child process that uses this world's home, keychain and backend. */
export function childEnv(w: BrokerWorld, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: w.dir,
    LANG: 'C.UTF-8',
    ...(process.env.DBUS_SESSION_BUS_ADDRESS ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS } : {}),
    ...(process.env.XDG_RUNTIME_DIR ? { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR } : {}),
    COGNITO_BROKER_HOME: w.home,
    AWS_CONFIG_FILE: join(w.dir, 'aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(w.dir, 'aws', 'credentials'),
    ...(w.account.endpoints ? {} : w.backend.env()),
    ...extra,
  };
}

/** Make the cached credentials of (account, roleKey) stale: same keys, 5 minutes left (< the 15 min window). */
export async function makeStale(w: BrokerWorld, roleKey: string, minutesLeft = 5): Promise<void> {
  const key = `${w.account.name}/credentials/${roleKey}`;
  const text = await w.store.get(key);
  if (!text) throw new Error(`no cached credentials under ${key}`);
  const cached = JSON.parse(text) as Record<string, string>;
  cached.expiration = new Date(Date.now() + minutesLeft * 60_000).toISOString();
  await w.store.set(key, JSON.stringify(cached));
}
