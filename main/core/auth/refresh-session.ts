import { InitiateAuthCommand, RevokeTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Account } from '../accounts/account.js';
import { BrokerError } from '../errors.js';
import { userPoolClient } from '../aws/clients.js';
import { resolveEndpoint } from '../aws/endpoints.js';
import { cognitoError, type CognitoCall } from './cognito-errors.js';
import { secretHash } from './secret-hash.js';
import { decodeJwtPayload } from './jwt-payload.js';
import type { SignInTokens } from './tokens.js';

type PoolAccount = Pick<Account, 'name' | 'region' | 'clientId' | 'endpoints'>;

export interface RefreshOptions {
  clientSecret?: string;
  /**
   * The pool's username (`cognito:username`, SignInTokens.username). Needed with a client secret: SECRET_HASH
   * on refresh is computed over the pool's own name for the user, not an alias the person typed.
   */
  username?: string;
  env?: NodeJS.ProcessEnv;
}

function failure(error: unknown, account: PoolAccount, call: CognitoCall, env: NodeJS.ProcessEnv | undefined): BrokerError {
  const endpoint = resolveEndpoint(account, 'cognitoIdentityProvider', env);
  return cognitoError(error, { call, account: account.name, ...(endpoint === undefined ? {} : { endpoint }) });
}

/**
 * REFRESH_TOKEN_AUTH: new ID and access tokens, without a prompt. A revoked or expired refresh token fails
 * with BrokerError('session-expired') whose hint says to run `cognito-broker login <account>`. The result
 * carries a refresh token only when the pool rotates them; otherwise keep the old one.
 */
export async function refreshSession(account: PoolAccount, refreshToken: string, options: RefreshOptions = {}): Promise<SignInTokens> {
  if (options.clientSecret && !options.username) {
    throw new BrokerError('internal', 'Refreshing a session of a client with a secret needs the pool username.', { hint: `Run \`cognito-broker login ${account.name}\`.` });
  }
  const client = userPoolClient(account, options.env === undefined ? {} : { env: options.env });
  try {
    const out = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: account.clientId,
        AuthParameters: {
          REFRESH_TOKEN: refreshToken,
          ...(options.clientSecret && options.username ? { SECRET_HASH: secretHash(options.username, account.clientId, options.clientSecret) } : {}),
        },
      }),
    );
    const result = out.AuthenticationResult;
    if (!result?.IdToken || !result.AccessToken) {
      throw new BrokerError('session-expired', `The user pool did not renew the session of account ${account.name}.`, { hint: `Run \`cognito-broker login ${account.name}\` to sign in again.` });
    }
    const claimed = decodeJwtPayload(result.IdToken)['cognito:username'];
    return {
      idToken: result.IdToken,
      accessToken: result.AccessToken,
      ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
      username: typeof claimed === 'string' && claimed !== '' ? claimed : (options.username ?? ''),
    };
  } catch (error) {
    throw failure(error, account, 'refresh', options.env);
  } finally {
    client.destroy();
  }
}

/**
 * RevokeToken: ends the refresh token and every token issued from it (sign-out). Revoking a token that is
 * already revoked or expired succeeds on AWS; anything else is reported.
 */
export async function revokeRefreshToken(
  account: PoolAccount,
  refreshToken: string,
  clientSecret?: string,
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<void> {
  const client = userPoolClient(account, options.env === undefined ? {} : { env: options.env });
  try {
    await client.send(new RevokeTokenCommand({ Token: refreshToken, ClientId: account.clientId, ...(clientSecret ? { ClientSecret: clientSecret } : {}) }));
  } catch (error) {
    throw failure(error, account, 'revoke', options.env);
  } finally {
    client.destroy();
  }
}
