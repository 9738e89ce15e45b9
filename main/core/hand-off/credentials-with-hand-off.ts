import type { Account } from '../accounts/account.js';
import { isBrokerError } from '../errors.js';
import type { CredentialBroker, CredentialRequest, CredentialResult } from '../credentials/credential-broker.js';
import { requestSignInFromApp } from './hand-off-client.js';

export interface HandOffPolicy {
  /** How long to wait for the person to sign in through the app; 0 = do not ask the app at all. */
  waitMs: number;
  /** Called when the app has taken the request and the wait for the person begins. */
  onWaiting?: (waitMs: number) => void;
}

/**
 * getCredentials, and when the account needs a person to sign in (refresh token expired or revoked, or
 * never signed in), ask the running desktop app to bring up that sign-in, wait for it, then try once more.
 * The lock is not held while waiting: every process of a burst asks the app, which shares one sign-in.
 */
export async function credentialsWithHandOff(
  broker: CredentialBroker,
  home: string,
  account: Account,
  request: CredentialRequest,
  policy: HandOffPolicy,
): Promise<CredentialResult> {
  try {
    return await broker.getCredentials(account, request);
  } catch (error) {
    if (!isBrokerError(error) || (error.code !== 'session-expired' && error.code !== 'not-signed-in') || policy.waitMs <= 0) throw error;
    await requestSignInFromApp(home, account.name, { waitMs: policy.waitMs, onAccepted: () => policy.onWaiting?.(policy.waitMs), why: error.code });
    // A new sign-in: failures recorded before it say nothing about it.
    return broker.getCredentials(account, { ...request, startedAt: Date.now() });
  }
}
