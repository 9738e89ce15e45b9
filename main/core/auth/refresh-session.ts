import { GetTokensFromRefreshTokenCommand, InitiateAuthCommand, RevokeTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthenticationResultType, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
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
   * The pool's username (`cognito:username`, SignInTokens.username). Needed with a client secret when the
   * endpoint only knows REFRESH_TOKEN_AUTH: SECRET_HASH is computed over the pool's own name for the user, not
   * an alias the person typed.
   */
  username?: string;
  /**
   * The remembered device's key, when the session has one (StoredSession.deviceKey, set by the sign-in that
   * used or confirmed the device). Sent as GetTokensFromRefreshToken's DeviceKey ("You must provide the
   * confirmed device key in this request if device remembering is enabled in your user pool",
   * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html)
   * and as REFRESH_TOKEN_AUTH's DEVICE_KEY (InitiateAuth's AuthParameters,
   * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html).
   */
  deviceKey?: string;
  env?: NodeJS.ProcessEnv;
}

function failure(error: unknown, account: PoolAccount, call: CognitoCall, env: NodeJS.ProcessEnv | undefined): BrokerError {
  const endpoint = resolveEndpoint(account, 'cognitoIdentityProvider', env);
  return cognitoError(error, { call, account: account.name, ...(endpoint === undefined ? {} : { endpoint }) });
}

/**
 * New ID and access tokens from the refresh token, without a prompt; a new refresh token too when the app
 * client rotates them (the caller must store it before anything else: the old one stops working after the
 * client's grace period). A revoked, expired or rotated-out refresh token fails with
 * BrokerError('session-expired') whose hint says to run `cognito-broker login <account>`.
 *
 * The order, and why. GetTokensFromRefreshToken first: on AWS it works for every app client, with or without
 * refresh-token rotation, and it is the only way to refresh on a client with rotation, which refuses
 * REFRESH_TOKEN_AUTH ("Refresh tokens", Cognito developer guide,
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html;
 * API_GetTokensFromRefreshToken: "If refresh token rotation is disabled, issues new ID and access tokens
 * only", https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html).
 * AWS's own Amplify JS v6 refreshes the same way. REFRESH_TOKEN_AUTH only when the endpoint does not know the
 * operation at all (an emulator such as cognito-local, an older private or gateway endpoint): an endpoint that
 * does not know it cannot have rotation either, so nothing is lost. A refusal of the token itself is never
 * retried the other way.
 */
export async function refreshSession(account: PoolAccount, refreshToken: string, options: RefreshOptions = {}): Promise<SignInTokens> {
  const client = userPoolClient(account, options.env === undefined ? {} : { env: options.env });
  try {
    let result: AuthenticationResultType | undefined;
    try {
      const out = await client.send(
        new GetTokensFromRefreshTokenCommand({
          RefreshToken: refreshToken,
          ClientId: account.clientId,
          ...(options.clientSecret ? { ClientSecret: options.clientSecret } : {}),
          ...(options.deviceKey ? { DeviceKey: options.deviceKey } : {}),
        }),
      );
      result = out.AuthenticationResult;
    } catch (error) {
      if (!operationUnknown(error)) throw error;
      result = await refreshTokenAuth(client, account, refreshToken, options);
    }
    if (!result?.IdToken || !result.AccessToken) {
      throw new BrokerError('session-expired', `The user pool did not renew the session of account ${account.name}.`, {
        hint: `Run \`cognito-broker login ${account.name}\` to sign in again.`,
      });
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

/** InitiateAuth REFRESH_TOKEN_AUTH, for endpoints without GetTokensFromRefreshToken (see refreshSession). */
async function refreshTokenAuth(
  client: CognitoIdentityProviderClient,
  account: PoolAccount,
  refreshToken: string,
  options: RefreshOptions,
): Promise<AuthenticationResultType | undefined> {
  if (options.clientSecret && !options.username) {
    throw new BrokerError('internal', 'Refreshing a session of a client with a secret needs the pool username.', {
      hint: `Run \`cognito-broker login ${account.name}\`.`,
    });
  }
  const out = await client.send(
    new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: account.clientId,
      AuthParameters: {
        REFRESH_TOKEN: refreshToken,
        ...(options.clientSecret && options.username ? { SECRET_HASH: secretHash(options.username, account.clientId, options.clientSecret) } : {}),
        ...(options.deviceKey ? { DEVICE_KEY: options.deviceKey } : {}),
      },
    }),
  );
  return out.AuthenticationResult;
}

/**
 * Whether the endpoint does not know GetTokensFromRefreshToken at all, as opposed to refusing this refresh.
 * AWS JSON endpoints answer an unknown X-Amz-Target with UnknownOperationException; cognito-local answers
 * HTTP 500 "Cognito Local unsupported feature"; a gateway that routes only known operations answers 404 or 501.
 */
export function operationUnknown(error: unknown): boolean {
  const e = (error ?? {}) as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const status = e.$metadata?.httpStatusCode;
  if (name === 'UnknownOperationException' || name === 'InvalidActionException') return true;
  if (status === 404 || status === 501) return true;
  return status !== undefined && status >= 500 && /unsupported|unknown operation|not implemented/i.test(message);
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
