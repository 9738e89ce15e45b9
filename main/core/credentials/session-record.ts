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
}

/** The IdentityId is per user: kept with the user's `sub` so another user of the same account gets their own. */
export interface StoredIdentity {
  sub: string;
  identityId: string;
}

/** Cognito's default refresh-token validity. */
export const DEFAULT_REFRESH_TOKEN_VALIDITY_MS = 30 * 24 * 60 * 60 * 1000;

export function parseStoredSession(text: string | null): StoredSession | undefined {
  const value = parseObject(text);
  if (!value) return undefined;
  for (const field of ['idToken', 'accessToken', 'username', 'signedInAt', 'refreshTokenExpiresAt'] as const) {
    if (typeof value[field] !== 'string') return undefined;
  }
  return { ...(value as unknown as StoredSession), refreshTokenExpiryKnown: value.refreshTokenExpiryKnown === true };
}

export function parseStoredIdentity(text: string | null): StoredIdentity | undefined {
  const value = parseObject(text);
  if (!value || typeof value.sub !== 'string' || typeof value.identityId !== 'string') return undefined;
  return { sub: value.sub, identityId: value.identityId };
}

function parseObject(text: string | null): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
