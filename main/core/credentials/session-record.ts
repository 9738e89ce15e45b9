import { parseStoredObject } from '../keychain/stored-json.js';

/**
 * What the keychain holds about a signed-in account besides the refresh token (its own entry) and the
 * cached credentials. The ID token was verified before it was stored, which is why status and role lists
 * may read its claims later without the network.
 */
export interface StoredSession {
  idToken: string;
  accessToken: string;
  /** The pool's name for the user (`cognito:username` / USER_ID_FOR_SRP): SECRET_HASH on refresh needs it. */
  username: string;
  /** ISO-8601; when the person last signed in (the refresh token's age counts from here). */
  signedInAt: string;
  /**
   * ISO-8601. Cognito does not return the refresh token's lifetime and the app client's
   * RefreshTokenValidity is readable only with admin credentials, so this is an estimate from `signedInAt`
   * plus a configured validity (default: Cognito's 30 days) unless `refreshTokenExpiryKnown`.
   */
  refreshTokenExpiresAt: string;
  refreshTokenExpiryKnown: boolean;
  /**
   * ISO-8601: when the user pool issued these ID and access tokens (sign-in or refresh). A process that waited
   * for the account's session lock reuses tokens renewed after it began asking instead of refreshing again,
   * which with refresh-token rotation would spend the refresh token a second time. Absent in older records.
   */
  renewedAt?: string;
  /** The remembered device's key, sent on refresh when present (device remembering). */
  deviceKey?: string;
  /**
   * Server time minus this machine's time (ms), learned from the user pool's and identity pool's answers at
   * the last sign-in or refresh, and when (ISO-8601, this machine's clock): status and the window warn from
   * it without a network call. Absent when no answer carried a `Date`.
   */
  clockOffsetMs?: number;
  clockCheckedAt?: string;
}

/** The IdentityId is per user: kept with the user's `sub` so another user of the same account gets their own. */
export interface StoredIdentity {
  sub: string;
  identityId: string;
}

/** Cognito's default refresh-token validity. */
export const DEFAULT_REFRESH_TOKEN_VALIDITY_MS = 30 * 24 * 60 * 60 * 1000;

export function parseStoredSession(text: string | null): StoredSession | undefined {
  const value = parseStoredObject(text);
  if (!value) return undefined;
  for (const field of ['idToken', 'accessToken', 'username', 'signedInAt', 'refreshTokenExpiresAt'] as const) {
    if (typeof value[field] !== 'string') return undefined;
  }
  const session = { ...(value as unknown as StoredSession), refreshTokenExpiryKnown: value.refreshTokenExpiryKnown === true };
  // A clock reading that does not parse is dropped, never fatal: it only feeds a warning.
  if (!Number.isFinite(value.clockOffsetMs) || typeof value.clockCheckedAt !== 'string') {
    delete session.clockOffsetMs;
    delete session.clockCheckedAt;
  }
  if (typeof value.renewedAt !== 'string') delete session.renewedAt;
  if (typeof value.deviceKey !== 'string') delete session.deviceKey;
  return session;
}

export function parseStoredIdentity(text: string | null): StoredIdentity | undefined {
  const value = parseStoredObject(text);
  if (!value || typeof value.sub !== 'string' || typeof value.identityId !== 'string') return undefined;
  return { sub: value.sub, identityId: value.identityId };
}
