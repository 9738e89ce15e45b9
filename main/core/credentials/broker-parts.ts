import type { Account } from '../accounts/account.js';
import type { SignInTokens } from '../auth/tokens.js';
import type { AccountSecretStore } from '../keychain/secret-store.js';
import { secretKeys } from '../keychain/secret-store.js';
import type { SessionAuth } from './session-auth.js';
import type { SessionCommits } from './session-commit.js';
import { sessionClockReading } from './session-clock.js';
import type { StoredSession } from './session-record.js';

/** What the credential broker's parts (sign-in, renewal, role credentials) share: its ports and settings. */
export interface BrokerParts {
  home: string;
  store: AccountSecretStore;
  auth: SessionAuth;
  env: NodeJS.ProcessEnv;
  lockTimeoutMs: number;
  now(): number;
  /** Tells a CLI deadline what the broker is doing now. */
  phase(phase: string): void;
  commits: SessionCommits;
}

/** Writes the account's session record (tokens, when signed in and renewed, the clock reading) to the keychain. */
export async function saveSession(
  parts: Pick<BrokerParts, 'store' | 'now'>,
  account: Account,
  tokens: SignInTokens,
  signedInAt: string,
  refreshTokenExpiresAt: string,
  known: boolean,
  extra: Pick<StoredSession, 'renewedAt' | 'deviceKey'> = {},
): Promise<void> {
  const session: StoredSession = {
    idToken: tokens.idToken,
    accessToken: tokens.accessToken,
    username: tokens.username,
    signedInAt,
    refreshTokenExpiresAt,
    refreshTokenExpiryKnown: known,
    ...sessionClockReading(parts.now()),
    ...extra,
  };
  await parts.store.set(secretKeys.session(account.name), JSON.stringify(session));
}
