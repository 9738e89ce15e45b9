import type { Account } from '../accounts/account.js';
import type { SessionAuth } from '../credentials/session-auth.js';
import { freshAccessToken } from '../credentials/fresh-access-token.js';
import { BrokerError } from '../errors.js';
import type { SecretStore } from '../keychain/secret-store.js';
import { secretKeys } from '../keychain/secret-store.js';

/**
 * What the window's self-service calls need from the keychain: the app client's secret (for SECRET_HASH)
 * and the signed-in user's access token (password change, MFA management). Both stay in the main process.
 */
export interface UserSessionDeps {
  /** The broker home, whose locks folder holds the account's session lock. */
  home: string;
  store: SecretStore;
  auth: Pick<SessionAuth, 'refreshSession'>;
  env: NodeJS.ProcessEnv;
}

/** An access token with at least a minute left: the stored one, or a renewed one (session-renewal.ts). */
export async function accessTokenOf(account: Account, deps: UserSessionDeps): Promise<string> {
  const notSignedIn = () =>
    new BrokerError('not-signed-in', `${account.name} is not signed in.`, { hint: `Sign in to ${account.name} first, then try again.` });
  // Without a refresh token the session is over, even while its access token lasts.
  if (!(await deps.store.get(secretKeys.refreshToken(account.name)))) throw notSignedIn();
  const token = await freshAccessToken(deps, account);
  if (!token) throw notSignedIn();
  return token;
}
