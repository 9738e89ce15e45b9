import type { Account } from '../accounts/account.js';
import { decodeJwtPayload } from '../auth/jwt-payload.js';
import { clientSecretOf } from '../keychain/client-secret.js';
import { secretKeys } from '../keychain/secret-store.js';
import { parseStoredSession } from './session-record.js';
import { renewSessionTokens, type SessionRenewalDeps } from './session-renewal.js';

/** Less than this left and the stored access token is renewed first: a call made with it must not see it expire. */
const MIN_LEFT_MS = 60_000;

/**
 * An access token for a call in the user's name (self-service, ForgetDevice) with at least a minute left: the
 * stored one, or a renewed one (renewSessionTokens: under the session lock, a rotated refresh token stored).
 * Undefined when the account is not signed in; each caller says so in its own words (a command, the window).
 */
export async function freshAccessToken(deps: SessionRenewalDeps, account: Account): Promise<string | undefined> {
  const session = parseStoredSession(await deps.store.get(secretKeys.session(account.name)));
  if (!session) return undefined;
  const exp = decodeJwtPayload(session.accessToken).exp;
  if (typeof exp === 'number' && exp * 1000 - Date.now() > MIN_LEFT_MS) return session.accessToken;
  const clientSecret = await clientSecretOf(account, deps.store);
  const tokens = await renewSessionTokens(deps, account, {
    username: session.username,
    ...(clientSecret === undefined ? {} : { clientSecret }),
    ...(session.deviceKey === undefined ? {} : { deviceKey: session.deviceKey }),
  });
  return tokens?.accessToken;
}
