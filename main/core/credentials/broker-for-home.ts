import { keyringStore } from '../keychain/keyring-store.js';
import { CredentialBroker } from './credential-broker.js';
import { defaultSessionAuth } from './default-session-auth.js';

/** The broker the CLI and the app use: the OS keychain of this home and the real user-pool calls. */
export function brokerForHome(home: string, env: NodeJS.ProcessEnv = process.env): CredentialBroker {
  return new CredentialBroker({ home, store: keyringStore(home), auth: defaultSessionAuth, env });
}
