import type { Account } from '../accounts/account.js';
import { getAccount } from '../accounts/account-store.js';
import type { AwsCredentials } from '../credentials/aws-credentials.js';
import type { CredentialRequest, CredentialResult } from '../credentials/credential-broker.js';

/** Where an endpoint gets the credentials of one (account, role). */
export type CredentialsSource = (account: string, roleArn: string | undefined) => Promise<AwsCredentials>;

/**
 * The credential broker behind an endpoint: the account as the accounts file has it now, then the same
 * getCredentials credential-process uses (keychain cache, 15-minute rule, refresh under the (account, role)
 * lock). It never waits for a person: an SDK gives up on an endpoint after a second or two, so an account that
 * needs a sign-in is answered at once with what to do.
 */
export function brokerCredentials(
  home: string,
  broker: { getCredentials(account: Account, request?: CredentialRequest): Promise<CredentialResult> },
): CredentialsSource {
  return async (name, roleArn) => {
    const account = await getAccount(home, name);
    const request: CredentialRequest = { startedAt: Date.now(), ...(roleArn === undefined ? {} : { roleArn }) };
    return (await broker.getCredentials(account, request)).credentials;
  };
}

/**
 * Requests for the same (account, role) that arrive while one is being answered share its answer: 64 SDK
 * clients starting at once cost one keychain read (or one refresh), not 64 lock waits in this process.
 */
export function sharedCredentials(source: CredentialsSource): CredentialsSource {
  const inFlight = new Map<string, Promise<AwsCredentials>>();
  return (account, roleArn) => {
    const key = `${account}\n${roleArn ?? ''}`;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = source(account, roleArn).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
}
