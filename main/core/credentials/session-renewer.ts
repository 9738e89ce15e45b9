import type { Account } from '../accounts/account.js';
import type { IdTokenClaims } from '../auth/token-verifier.js';
import { decodeJwtPayload, verifyIdToken } from '../auth/token-verifier.js';
import { remainingMs } from '../aws/server-clock.js';
import { BrokerError, isBrokerError } from '../errors.js';
import { withFileLock } from '../fs/file-lock.js';
import { clientSecretOf } from '../keychain/client-secret.js';
import { secretKeys } from '../keychain/secret-store.js';
import { saveSession, type BrokerParts } from './broker-parts.js';
import { REFRESH_LOCK_POLL_MS, sessionLockPath } from './refresh-lock.js';
import type { StoredSession } from './session-record.js';
import { parseStoredSession } from './session-record.js';

/**
 * Tokens another process renewed while this one waited are reused only with at least this long left: they
 * need only outlive the identity-pool call, and the credentials they buy last an hour regardless.
 */
const REUSE_RENEWED_MIN_MS = 5 * 60_000;
/**
 * How long a role's refresh waits for another role's refresh of the same account before it serves itself from
 * the stored ID token (when that has a while left). A refresh at a healthy user pool takes well under a second.
 */
const SESSION_LOCK_PATIENCE_MS = 1_000;

export interface RenewedSession {
  claims: IdTokenClaims;
  idToken: string;
  /** Which sign-in the tokens belong to (StoredSession.signedInAt). */
  signedInAt: string;
}

/**
 * Under the account's session lock (refresh-lock.ts): read the refresh token, refresh at the user pool, store
 * what it returned. A new refresh token (rotation) is stored first, before the ID token is verified or any
 * credentials are handed out: the old one stops working after the app client's grace period, so a failure
 * or a kill after this point must not lose it. A process that waited for the lock re-reads the session and
 * reuses tokens another process renewed after this request began (or since `seen`, the session this request
 * first read), instead of spending the refresh token again.
 */
export async function renewedSession(parts: BrokerParts, account: Account, startedAt: number, seen: StoredSession | undefined): Promise<RenewedSession> {
  const { store } = parts;
  const underLock = async (): Promise<RenewedSession> => {
    parts.phase('reading the saved sign-in from the keychain');
    const refreshToken = await store.get(secretKeys.refreshToken(account.name));
    const stored = parseStoredSession(await store.get(secretKeys.session(account.name)));
    if (!refreshToken || !stored) {
      throw new BrokerError('not-signed-in', `Account ${account.name} is not signed in.`, {
        hint: `Run \`cognito-broker login ${account.name}\` or sign in from the Cognito Broker app.`,
      });
    }
    const reused = renewedMeanwhile(parts, stored, startedAt, seen);
    if (reused) return { ...reused, signedInAt: stored.signedInAt };
    const clientSecret = await clientSecretOf(account, store);
    parts.phase('renewing the sign-in at the user pool');
    const tokens = await parts.auth.refreshSession(account, refreshToken, {
      env: parts.env,
      username: stored.username,
      ...(clientSecret === undefined ? {} : { clientSecret }),
      ...(stored.deviceKey === undefined ? {} : { deviceKey: stored.deviceKey }),
    });
    parts.phase('saving the renewed sign-in in the keychain');
    const rotated = tokens.refreshToken;
    if (rotated) await parts.commits.commitOrThrow(account, stored.signedInAt, () => store.set(secretKeys.refreshToken(account.name), rotated));
    const claims = await verifyIdToken(account, tokens.idToken, parts.env);
    await parts.commits.commitOrThrow(account, stored.signedInAt, () =>
      saveSession(
        parts,
        account,
        { ...tokens, username: tokens.username || stored.username },
        stored.signedInAt,
        stored.refreshTokenExpiresAt,
        stored.refreshTokenExpiryKnown,
        {
          renewedAt: new Date(parts.now()).toISOString(),
          ...(stored.deviceKey === undefined ? {} : { deviceKey: stored.deviceKey }),
        },
      ),
    );
    return { claims, idToken: tokens.idToken, signedInAt: stored.signedInAt };
  };
  const lockPath = sessionLockPath(parts.home, account.name);
  parts.phase('waiting for another cognito-broker process to renew the sign-in of the same account');
  const patience = Math.min(SESSION_LOCK_PATIENCE_MS, parts.lockTimeoutMs);
  try {
    return await withFileLock(lockPath, underLock, { timeoutMs: patience, maxPollMs: REFRESH_LOCK_POLL_MS });
  } catch (error) {
    if (!isBrokerError(error) || error.code !== 'lock-timeout') throw error;
  }
  // Another role's refresh is slow (a hung user pool): this role need not wait for it while the stored ID
  // token still has a while left, since using it spends no refresh token. Otherwise keep waiting.
  const stored = parseStoredSession(await store.get(secretKeys.session(account.name)));
  const usable = stored && stillUsable(parts, stored.idToken, stored.clockOffsetMs);
  if (stored && usable) return { claims: usable, idToken: stored.idToken, signedInAt: stored.signedInAt };
  return withFileLock(lockPath, underLock, { timeoutMs: Math.max(0, parts.lockTimeoutMs - patience), maxPollMs: REFRESH_LOCK_POLL_MS });
}

/** The stored tokens, when another process renewed them while this request waited and they have a while left. */
function renewedMeanwhile(
  parts: Pick<BrokerParts, 'now'>,
  stored: StoredSession,
  startedAt: number,
  seen: StoredSession | undefined,
): { claims: IdTokenClaims; idToken: string } | undefined {
  const renewedAt = stored.renewedAt === undefined ? Number.NaN : Date.parse(stored.renewedAt);
  const changed = seen !== undefined && seen.idToken !== stored.idToken;
  if (!(renewedAt > startedAt) && !changed) return undefined;
  const claims = stillUsable(parts, stored.idToken, stored.clockOffsetMs);
  return claims ? { claims, idToken: stored.idToken } : undefined;
}

/**
 * A stored ID token's claims when it has a while left (it was verified before it was stored). `exp` is
 * AWS's time: judged by AWS's clock, with the offset saved with the session (server-clock.ts).
 */
function stillUsable(parts: Pick<BrokerParts, 'now'>, idToken: string, clockOffsetMs: number | undefined): IdTokenClaims | undefined {
  const claims = decodeJwtPayload(idToken) as IdTokenClaims;
  return typeof claims.exp === 'number' && remainingMs(claims.exp * 1000, clockOffsetMs, parts.now()) >= REUSE_RENEWED_MIN_MS ? claims : undefined;
}
