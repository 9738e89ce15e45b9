import type { Account } from '../accounts/account.js';
import { CredentialBroker } from '../credentials/credential-broker.js';
import { defaultSessionAuth } from '../credentials/default-session-auth.js';
import type { SessionAuth } from '../credentials/session-auth.js';
import { systemBrowserOpener, type BrowserOpener } from '../federation/browser-opener.js';
import { clientSecretOf } from '../keychain/client-secret.js';
import { keyringStore } from '../keychain/keyring-store.js';
import type { AccountSecretStore } from '../keychain/secret-store.js';
import { brokerHome } from '../paths.js';
import { brokerSettings, type BrokerSettings } from './broker-settings.js';

/**
 * What a front end or a test may put in place of the real parts. Anything left out is built from the
 * environment, the same way for the CLI, the app and the tests.
 */
export interface BrokerOverrides {
  /** The keychain; default: the OS keychain namespaced for this home. */
  store?: AccountSecretStore;
  /**
   * The user-pool calls; default: the real ones. A function receives the real ones and the browser opener,
   * so a front end can add its way of signing in through the browser (managed login) around them.
   */
  auth?: SessionAuth | ((defaults: SessionAuth, open: BrowserOpener) => SessionAuth);
  /** Opens https URLs in the person's browser; default: `$BROWSER`, else the platform's opener. */
  open?: BrowserOpener;
  /** The broker's clock (ms since the epoch). */
  now?: () => number;
  /** Longest wait for another process refreshing the same (account, role). */
  lockTimeoutMs?: number;
  /** Told what getCredentials is doing now (the CLI deadline names it). */
  onPhase?: (phase: string) => void;
  /** Settings that would otherwise come from the environment (see broker-settings.ts). */
  settings?: BrokerSettings;
}

/** The broker and every port it was built from, for the callers that need a port directly. */
export interface ComposedBroker {
  home: string;
  env: NodeJS.ProcessEnv;
  store: AccountSecretStore;
  auth: SessionAuth;
  open: BrowserOpener;
  settings: BrokerSettings;
  broker: CredentialBroker;
  /** The account's app-client secret from this keychain (undefined when it has none). */
  clientSecretOf(account: Account): Promise<string | undefined>;
}

/**
 * The one composition root: the credential broker and its ports from (home, environment, overrides). The
 * CLI's commands, the app service and the tests all build through it, so a setting the README documents
 * reaches every entry point. Requests (user pool, identity pool, STS, signing keys, token endpoints) read the
 * endpoint, proxy and CA variables from `env` when they are made. Nothing here loads the AWS SDK: the
 * credential-process cache hit (cli/entry.ts, cli/keychain-path.ts) never comes here at all.
 */
export function composeBroker(home: string | undefined, env: NodeJS.ProcessEnv = process.env, overrides: BrokerOverrides = {}): ComposedBroker {
  const root = home ?? brokerHome(env);
  const settings = { ...brokerSettings(env), ...overrides.settings };
  const store = overrides.store ?? keyringStore(root);
  const open = overrides.open ?? systemBrowserOpener(process.platform, env);
  const auth = typeof overrides.auth === 'function' ? overrides.auth(defaultSessionAuth, open) : (overrides.auth ?? defaultSessionAuth);
  const broker = new CredentialBroker({
    home: root,
    store,
    auth,
    env,
    ...(settings.refreshTokenValidityMs === undefined ? {} : { refreshTokenValidityMs: settings.refreshTokenValidityMs }),
    ...(overrides.now === undefined ? {} : { now: overrides.now }),
    ...(overrides.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: overrides.lockTimeoutMs }),
    ...(overrides.onPhase === undefined ? {} : { onPhase: overrides.onPhase }),
  });
  return { home: root, env, store, auth, open, settings, broker, clientSecretOf: (account) => clientSecretOf(account, store) };
}
