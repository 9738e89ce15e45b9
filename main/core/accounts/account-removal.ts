import type { AccountSecretStore } from '../keychain/secret-store.js';
import type { Account } from './account.js';
import { getAccount, removeAccount } from './account-store.js';

/** What removing an account touches besides the accounts file; injected so the app and the CLI share it. */
export interface AccountRemovalParts {
  /** Deletes every keychain entry of the account (refresh token, session, identity id, client secret, cached credentials). */
  secrets: Pick<AccountSecretStore, 'deleteAll'>;
  /** Removes the account's managed ~/.aws/config profiles and returns their names. */
  removeProfiles?(account: string): Promise<string[]>;
}

export interface AccountRemoval {
  account: Account;
  secretsRemoved: number;
  profilesRemoved: string[];
}

/**
 * Removes an account everywhere. Secrets go first and the definition last: if the keychain or the config
 * file cannot be changed, the account stays registered and the command can simply be run again, instead of
 * leaving secrets behind that no account points at any more.
 */
export async function deleteAccount(home: string, name: string, parts: AccountRemovalParts): Promise<AccountRemoval> {
  await getAccount(home, name);
  const secretsRemoved = await parts.secrets.deleteAll(name);
  const profilesRemoved = parts.removeProfiles ? await parts.removeProfiles(name) : [];
  const account = await removeAccount(home, name);
  return { account, secretsRemoved, profilesRemoved };
}
