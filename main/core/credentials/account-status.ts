import type { Account } from '../accounts/account.js';
import { sessionInfo } from '../auth/session-info.js';
import type { IdTokenClaims } from '../auth/token-verifier.js';
import { decodeJwtPayload } from '../auth/token-verifier.js';
import type { SessionView } from '../../contract/session-state.js';
import { isBrokerError } from '../errors.js';
import type { SecretStore } from '../keychain/secret-store.js';
import { secretKeys } from '../keychain/secret-store.js';
import { credentialsRoleKey } from './cache-key.js';
import { parseCachedCredentials } from './cached-credentials.js';
import { resolveRole } from './roles.js';
import { clockView } from './session-clock.js';
import { parseStoredIdentity, parseStoredSession } from './session-record.js';

export interface AccountStatus extends SessionView {
  signedIn: boolean;
  /** True when refreshTokenExpiresAt is an estimate (sign-in time + assumed validity). */
  refreshTokenExpiryEstimated: boolean;
}

/** Everything from the keychain, no network: what `status` and the window show. */
export async function readAccountStatus(store: SecretStore, account: Account, now: number): Promise<AccountStatus> {
  const refreshToken = await store.get(secretKeys.refreshToken(account.name));
  const stored = parseStoredSession(await store.get(secretKeys.session(account.name)));
  const identity = parseStoredIdentity(await store.get(secretKeys.identityId(account.name)));
  if (!refreshToken || !stored) {
    return { state: 'needs-sign-in', signedIn: false, groups: [], roles: [], customAttributes: {}, refreshTokenExpiryEstimated: false };
  }
  const claims = decodeJwtPayload(stored.idToken) as IdTokenClaims;
  const info = sessionInfo(claims);
  const role = safeResolveRole(claims, account.defaultRoleArn);
  const cached = parseCachedCredentials(await store.get(secretKeys.credentials(account.name, credentialsRoleKey(undefined, account.defaultRoleArn))));
  const expired = Date.parse(stored.refreshTokenExpiresAt) <= now;
  return {
    state: expired ? 'expired' : 'signed-in',
    signedIn: !expired,
    username: info.username,
    ...(info.email === undefined ? {} : { email: info.email }),
    ...(identity && identity.sub === info.sub ? { identityId: identity.identityId } : {}),
    groups: info.groups,
    roles: info.roles,
    customAttributes: info.customAttributes,
    ...(role.roleArn === undefined ? {} : { activeRoleArn: role.roleArn }),
    activeRoleReason: role.reason,
    ...(cached ? { credentialsExpireAt: cached.expiration } : {}),
    refreshTokenExpiresAt: stored.refreshTokenExpiresAt,
    refreshTokenExpiryEstimated: !stored.refreshTokenExpiryKnown,
    ...clockView(stored),
  };
}

function safeResolveRole(claims: IdTokenClaims, accountDefault: string | undefined): { roleArn?: string; reason: string } {
  try {
    return resolveRole(claims, accountDefault === undefined ? {} : { accountDefault });
  } catch (error) {
    return { reason: isBrokerError(error) ? error.message : 'unknown' };
  }
}
