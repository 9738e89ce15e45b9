import type { Account } from '../accounts/account.js';
import type { DeviceMemory } from '../auth/devices/device-store.js';
import type { Prompter } from '../auth/prompter.js';
import type { SignInTokens } from '../auth/tokens.js';
import type { FirstFactor } from '../../contract/sign-in-method.js';

/**
 * The user-pool calls the broker orchestrates (implemented by main/core/auth). A port so the app and the
 * CLI share one wiring (`defaultSessionAuth`) and a unit test of one broker function can substitute it.
 */
export interface SessionAuth {
  /**
   * `devices`: the keychain's device records of the account (remembered devices, auth/devices). `method`: the
   * first factor of a choice-based (USER_AUTH) sign-in; `browserSignIn`: managed login, where a passkey completes.
   */
  signIn(
    account: Account,
    options: {
      username?: string;
      clientSecret?: string;
      prompter: Prompter;
      env?: NodeJS.ProcessEnv;
      devices?: DeviceMemory;
      method?: FirstFactor;
      browserSignIn?: () => Promise<SignInTokens>;
    },
  ): Promise<SignInTokens>;
  /**
   * GetTokensFromRefreshToken (REFRESH_TOKEN_AUTH where the endpoint lacks it; main/core/auth/refresh-session.ts
   * says why). The result carries a new refresh token when the app client rotates them: store it before
   * anything else. A revoked, expired or rotated-out refresh token → BrokerError('session-expired').
   */
  refreshSession(
    account: Account,
    refreshToken: string,
    options: { clientSecret?: string; username?: string; deviceKey?: string; env?: NodeJS.ProcessEnv },
  ): Promise<SignInTokens>;
  /** RevokeToken. */
  revokeRefreshToken(account: Account, refreshToken: string, options: { clientSecret?: string; env?: NodeJS.ProcessEnv }): Promise<void>;
}
