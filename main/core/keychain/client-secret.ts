import type { Account } from '../accounts/account.js';
import { BrokerError } from '../errors.js';
import type { SecretStore } from './secret-store.js';
import { secretKeys } from './secret-store.js';

/**
 * The app client's secret of an account (for SECRET_HASH and the token endpoint), or undefined when the
 * account has none. Accounts say whether they have one; a secret they expect but the keychain lacks is an
 * error, never a silent sign-in attempt without it.
 */
export async function clientSecretOf(account: Account, store: SecretStore): Promise<string | undefined> {
  if (!account.hasClientSecret) return undefined;
  const secret = await store.get(secretKeys.clientSecret(account.name));
  if (!secret) {
    throw new BrokerError('config-invalid', `The client secret of account ${account.name} is missing from the keychain.`, {
      hint: `Enter it again: edit the account in the app, or run \`cognito-broker account remove ${account.name}\` and add it again with --client-secret-stdin.`,
    });
  }
  return secret;
}
