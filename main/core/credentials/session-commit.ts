import type { Account } from '../accounts/account.js';
import { BrokerError } from '../errors.js';
import { withFileLock } from '../fs/file-lock.js';
import type { AccountSecretStore } from '../keychain/secret-store.js';
import { secretKeys } from '../keychain/secret-store.js';
import { commitLockPath, REFRESH_LOCK_POLL_MS } from './refresh-lock.js';
import { parseStoredSession } from './session-record.js';

/** A newer sign-in replaced the one a refresh was renewing: its results are dropped (and the refresh may run again). */
export class SignInReplaced extends Error {}

export function signInReplaced(account: string): BrokerError {
  return new BrokerError('session-expired', `${account} was signed in again while its credentials were being fetched, so the older ones were not kept.`, {
    hint: 'Try again.',
  });
}

function signedOutMeanwhile(account: string): BrokerError {
  return new BrokerError('not-signed-in', `${account} was signed out while its credentials were being fetched, so none were kept.`, {
    hint: `Run \`cognito-broker login ${account}\` to sign in again.`,
  });
}

/**
 * Stores what a refresh or a sign-in produced only while the sign-in it came from is still the saved one,
 * under the account's commit lock (which sign-in and sign-out also hold while they write): a sign-out or a
 * new sign-in that happened meanwhile wins, and nothing of the older session is written after it. A
 * sign-in is told apart by `signedInAt` (a new sign-in always writes a new one; a refresh keeps it). The
 * commit lock is held only for these few keychain writes, never across a network call, so a hung refresh
 * of one role (which holds the session lock) does not hold up another role, a sign-in or a sign-out.
 */
export class SessionCommits {
  constructor(
    private readonly home: string,
    private readonly store: AccountSecretStore,
    private readonly lockTimeoutMs: number,
  ) {}

  under<T>(account: Account, fn: () => Promise<T>): Promise<T> {
    return withFileLock(commitLockPath(this.home, account.name), fn, { timeoutMs: this.lockTimeoutMs, maxPollMs: REFRESH_LOCK_POLL_MS });
  }

  async commitForSignIn(account: Account, signedInAt: string, write: () => Promise<void>): Promise<'committed' | 'signed-out' | 'changed'> {
    return this.under(account, async () => {
      const current = parseStoredSession(await this.store.get(secretKeys.session(account.name)));
      if (!current) return 'signed-out';
      if (current.signedInAt !== signedInAt) return 'changed';
      await write();
      return 'committed';
    });
  }

  /** commitForSignIn for writes that must not happen at all otherwise: a sign-out throws, a newer sign-in throws SignInReplaced. */
  async commitOrThrow(account: Account, signedInAt: string, write: () => Promise<void>): Promise<void> {
    const outcome = await this.commitForSignIn(account, signedInAt, write);
    if (outcome === 'signed-out') throw signedOutMeanwhile(account.name);
    if (outcome === 'changed') throw new SignInReplaced();
  }
}
