import type { Account } from '../accounts/account.js';
import type { SignInTokens } from '../auth/tokens.js';
import { withFileLock } from '../fs/file-lock.js';
import type { SecretStore } from '../keychain/secret-store.js';
import { secretKeys } from '../keychain/secret-store.js';
import { commitLockPath, REFRESH_LOCK_POLL_MS, sessionLockPath } from './refresh-lock.js';
import type { SessionAuth } from './session-auth.js';

export interface SessionRenewalDeps {
  home: string;
  store: SecretStore;
  auth: Pick<SessionAuth, 'refreshSession'>;
  env: NodeJS.ProcessEnv;
  lockTimeoutMs?: number;
}

/**
 * New tokens for a self-service call (password change, MFA settings) that needs a fresh access token, outside
 * credential fetching: under the account's session lock (refresh-lock.ts), read the refresh token, refresh, and
 * store a rotated refresh token at once. Without it a self-service call on an app client with refresh-token
 * rotation would spend the stored refresh token and drop its replacement, and the session would end after the
 * client's grace period. Undefined when there is no refresh token to use.
 */
export async function renewSessionTokens(
  deps: SessionRenewalDeps,
  account: Account,
  options: { clientSecret?: string; username?: string; deviceKey?: string },
): Promise<SignInTokens | undefined> {
  return withFileLock(
    sessionLockPath(deps.home, account.name),
    async () => {
      const refreshToken = await deps.store.get(secretKeys.refreshToken(account.name));
      if (!refreshToken) return undefined;
      const tokens = await deps.auth.refreshSession(account, refreshToken, { env: deps.env, ...options });
      const rotated = tokens.refreshToken;
      if (rotated) {
        // Under the commit lock, and only over the token this renewal spent: a sign-out or a new sign-in that
        // happened meanwhile (they write under that lock, not this one) wins, as for a credential refresh.
        await withFileLock(
          commitLockPath(deps.home, account.name),
          async () => {
            if ((await deps.store.get(secretKeys.refreshToken(account.name))) === refreshToken)
              await deps.store.set(secretKeys.refreshToken(account.name), rotated);
          },
          { timeoutMs: deps.lockTimeoutMs ?? 15_000, maxPollMs: REFRESH_LOCK_POLL_MS },
        );
      }
      return tokens;
    },
    { timeoutMs: deps.lockTimeoutMs ?? 15_000, maxPollMs: REFRESH_LOCK_POLL_MS },
  );
}
