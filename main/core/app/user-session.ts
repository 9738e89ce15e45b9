import type { Account } from '../accounts/account.js';
import { decodeJwtPayload } from '../auth/jwt-payload.js';
import type { SessionAuth } from '../credentials/session-auth.js';
import { parseStoredSession } from '../credentials/session-record.js';
import { renewSessionTokens } from '../credentials/session-renewal.js';
import { BrokerError } from '../errors.js';
import { clientSecretOf } from '../keychain/client-secret.js';
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
  const session = parseStoredSession(await deps.store.get(secretKeys.session(account.name)));
  const refreshToken = await deps.store.get(secretKeys.refreshToken(account.name));
  if (!session || !refreshToken) {
    throw new BrokerError('not-signed-in', `${account.name} is not signed in.`, { hint: `Sign in to ${account.name} first, then try again.` });
  }
  const exp = decodeJwtPayload(session.accessToken).exp;
  if (typeof exp === 'number' && exp * 1000 - Date.now() > 60_000) return session.accessToken;
  const clientSecret = await clientSecretOf(account, deps.store);
  // A pool that rotates refresh tokens hands out a new one: it is stored under the account's session lock.
  const tokens = await renewSessionTokens(deps, account, {
    username: session.username,
    ...(clientSecret === undefined ? {} : { clientSecret }),
    ...(session.deviceKey === undefined ? {} : { deviceKey: session.deviceKey }),
  });
  if (!tokens) throw new BrokerError('not-signed-in', `${account.name} is not signed in.`, { hint: `Sign in to ${account.name} first, then try again.` });
  return tokens.accessToken;
}
