import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Account } from '../accounts/account.js';
import { userPoolClient } from '../aws/clients.js';
import { resolveEndpoint } from '../aws/endpoints.js';
import { secretHash } from '../auth/secret-hash.js';
import { selfServiceError, type SelfServiceStep } from './self-service-errors.js';

/** What a self-service call needs to know about the account: never a token, never a password. */
export type UserPoolAccount = Pick<Account, 'name' | 'region' | 'clientId' | 'endpoints'>;

export interface SelfServiceOptions {
  env?: NodeJS.ProcessEnv;
  /** The app client's secret (from the keychain) when it has one; SECRET_HASH is then sent with each call. */
  clientSecret?: string;
}

/** SECRET_HASH for the calls that name a user, only when the client has a secret. */
export function secretHashFor(account: UserPoolAccount, username: string, options: SelfServiceOptions): { SecretHash?: string } {
  return options.clientSecret === undefined ? {} : { SecretHash: secretHash(username, account.clientId, options.clientSecret) };
}

/** One client per call, destroyed after, with every failure mapped to a BrokerError for this step. */
export async function withUserPool<T>(
  account: UserPoolAccount,
  step: SelfServiceStep,
  options: SelfServiceOptions,
  call: (client: CognitoIdentityProviderClient) => Promise<T>,
): Promise<T> {
  const client = userPoolClient(account, options.env === undefined ? {} : { env: options.env });
  try {
    return await call(client);
  } catch (error) {
    throw selfServiceError(error, step, account.name, resolveEndpoint(account, 'cognitoIdentityProvider', options.env));
  } finally {
    client.destroy();
  }
}

/** Where Cognito sent a code, masked by Cognito itself (`a***@e***.com`); safe to show. */
export interface CodeDelivery {
  medium?: string;
  destination?: string;
  attribute?: string;
}

export function codeDelivery(details: { DeliveryMedium?: string; Destination?: string; AttributeName?: string } | undefined): CodeDelivery | undefined {
  if (!details) return undefined;
  return {
    ...(details.DeliveryMedium ? { medium: details.DeliveryMedium } : {}),
    ...(details.Destination ? { destination: details.Destination } : {}),
    ...(details.AttributeName ? { attribute: details.AttributeName } : {}),
  };
}
