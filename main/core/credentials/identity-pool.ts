import { GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import type { Account } from '../accounts/account.js';
import { BrokerError } from '../errors.js';
import { identityPoolClient } from '../aws/clients.js';
import { identityProviderName, resolveEndpoint } from '../aws/endpoints.js';
import { cognitoError } from '../auth/cognito-errors.js';
import { serverClockOffsetOf } from '../aws/server-clock-observer.js';
import type { AwsCredentials } from './aws-credentials.js';

type PoolAccount = Pick<Account, 'name' | 'region' | 'userPoolId' | 'identityPoolId' | 'endpoints'>;

export interface IdentityPoolOptions {
  env?: NodeJS.ProcessEnv;
}

function logins(account: PoolAccount, idToken: string): Record<string, string> {
  return { [identityProviderName(account)]: idToken };
}

function fail(error: unknown, account: PoolAccount, env: NodeJS.ProcessEnv | undefined): BrokerError {
  const endpoint = resolveEndpoint(account, 'cognitoIdentity', env);
  return cognitoError(error, { call: 'identity-pool', account: account.name, ...(endpoint === undefined ? {} : { endpoint }) });
}

/**
 * GetId: the user's identity in the identity pool. Stable per (pool, user), so callers cache it in the
 * keychain and call this once per user.
 */
export async function getIdentityId(account: PoolAccount, idToken: string, options: IdentityPoolOptions = {}): Promise<string> {
  const client = identityPoolClient(account, options);
  try {
    const out = await client.send(new GetIdCommand({ IdentityPoolId: account.identityPoolId, Logins: logins(account, idToken) }));
    if (!out.IdentityId)
      throw new BrokerError('identity-pool', 'The identity pool answered without an identity id.', {
        hint: 'Try again; if it persists, tell the administrator.',
      });
    return out.IdentityId;
  } catch (error) {
    throw fail(error, account, options.env);
  } finally {
    client.destroy();
  }
}

/**
 * GetCredentialsForIdentity (enhanced flow): one hour of credentials for the identity, for `roleArn` when
 * given (CustomRoleArn, already checked against the token's roles by resolveRole) or for the role the pool
 * chooses.
 */
export async function getCredentialsForIdentity(
  account: PoolAccount,
  identityId: string,
  idToken: string,
  roleArn?: string,
  options: IdentityPoolOptions = {},
): Promise<AwsCredentials> {
  const client = identityPoolClient(account, options);
  try {
    const out = await client.send(
      new GetCredentialsForIdentityCommand({
        IdentityId: identityId,
        Logins: logins(account, idToken),
        ...(roleArn === undefined ? {} : { CustomRoleArn: roleArn }),
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretKey || !c.SessionToken || !c.Expiration) {
      throw new BrokerError('identity-pool', 'The identity pool answered without complete credentials.', {
        hint: 'Try again; if it persists, tell the administrator.',
      });
    }
    const clockOffsetMs = serverClockOffsetOf(out);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration.toISOString(),
      // The pool does not say which role it chose; the caller's choice (or '' for "the pool's default") is
      // what the cache is keyed by.
      roleArn: roleArn ?? '',
      identityId: out.IdentityId ?? identityId,
      // Only a measurable offset is kept: none reads as "this clock is right" (server-clock.ts).
      ...(clockOffsetMs ? { clockOffsetMs } : {}),
    };
  } catch (error) {
    throw fail(error, account, options.env);
  } finally {
    client.destroy();
  }
}
