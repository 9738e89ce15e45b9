import { GetOpenIdTokenCommand } from '@aws-sdk/client-cognito-identity';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Account } from '../accounts/account.js';
import { cognitoError } from '../auth/cognito-errors.js';
import { CONNECT_TIMEOUT_MS, MAX_ATTEMPTS, REQUEST_TIMEOUT_MS, identityPoolClient } from '../aws/clients.js';
import { identityProviderName, resolveEndpoint } from '../aws/endpoints.js';
import { observeServerClock, serverClockOffsetOf } from '../aws/server-clock-observer.js';
import { BrokerError } from '../errors.js';
import { sdkAgents } from '../net/sdk-agent.js';
import type { AwsCredentials } from './aws-credentials.js';

/**
 * The identity pool's basic (classic) flow, for sessions longer than the enhanced flow's fixed hour:
 * GetOpenIdToken (the pool vouches for the identity) then STS AssumeRoleWithWebIdentity with a chosen
 * DurationSeconds, up to the role's maximum session (at most 12 h). The pool must allow it
 * (AllowClassicFlow) and have no role mappings; the role's trust policy must name the identity pool.
 * The role is the caller's choice (the pool does not choose in this flow): pass one from the token's roles.
 */
type PoolAccount = Pick<Account, 'name' | 'region' | 'userPoolId' | 'identityPoolId' | 'endpoints'>;

export interface BasicFlowRequest {
  identityId: string;
  idToken: string;
  roleArn: string;
  durationSeconds: number;
}

export interface BasicFlowOptions {
  env?: NodeJS.ProcessEnv;
}

export const MIN_SESSION_SECONDS = 900;
export const MAX_SESSION_SECONDS = 43_200;

export async function basicFlowCredentials(account: PoolAccount, request: BasicFlowRequest, options: BasicFlowOptions = {}): Promise<AwsCredentials> {
  const { durationSeconds } = request;
  if (!Number.isInteger(durationSeconds) || durationSeconds < MIN_SESSION_SECONDS || durationSeconds > MAX_SESSION_SECONDS) {
    throw new BrokerError('invalid-argument', `A session of ${durationSeconds} seconds cannot be asked for.`, {
      hint: `Choose between ${MIN_SESSION_SECONDS} seconds (15 minutes) and ${MAX_SESSION_SECONDS} seconds (12 hours).`,
    });
  }
  const openIdToken = await getOpenIdToken(account, request, options);
  return assumeRole(account, request, openIdToken, options);
}

async function getOpenIdToken(account: PoolAccount, request: BasicFlowRequest, options: BasicFlowOptions): Promise<{ token: string; identityId: string }> {
  const client = identityPoolClient(account, options.env === undefined ? {} : { env: options.env });
  try {
    const out = await client.send(new GetOpenIdTokenCommand({ IdentityId: request.identityId, Logins: { [identityProviderName(account)]: request.idToken } }));
    if (!out.Token)
      throw new BrokerError('identity-pool', 'The identity pool answered without an OpenID token.', {
        hint: 'Try again; if it persists, tell the administrator.',
      });
    return { token: out.Token, identityId: out.IdentityId ?? request.identityId };
  } catch (error) {
    throw (
      classicFlowRefused(error, account) ??
      cognitoError(error, { call: 'identity-pool', account: account.name, ...endpointOf(account, 'cognitoIdentity', options) })
    );
  } finally {
    client.destroy();
  }
}

/**
 * AWS refuses GetOpenIdToken with InvalidParameterException "Basic (classic) flow is not enabled, please use
 * enhanced flow." when AllowClassicFlow is off, and "... is not supported with RoleMappings ..." when the pool
 * maps roles. Both are settings only the administrator can change, so the error names them.
 */
export function classicFlowRefused(error: unknown, account: PoolAccount): BrokerError | undefined {
  const e = (error ?? {}) as { name?: unknown; message?: unknown };
  if (e.name !== 'InvalidParameterException' || typeof e.message !== 'string' || !/classic/i.test(e.message)) return undefined;
  if (/RoleMappings/i.test(e.message)) {
    return new BrokerError(
      'identity-pool',
      `The identity pool of account ${account.name} maps roles, and AWS allows longer sessions (the basic flow) only on pools without role mappings.`,
      {
        hint: 'Remove the session duration from the account to use one-hour credentials, or ask the administrator for an identity pool without role mappings and with "Basic (classic) authentication" (AllowClassicFlow) on.',
        cause: error,
      },
    );
  }
  return new BrokerError('identity-pool', `The identity pool of account ${account.name} does not allow the basic (classic) flow that longer sessions need.`, {
    hint: 'Ask the administrator to turn on "Basic (classic) authentication" (the AllowClassicFlow setting) on the identity pool, or remove the session duration from the account to use one-hour credentials.',
    cause: error,
  });
}

async function assumeRole(
  account: PoolAccount,
  request: BasicFlowRequest,
  openId: { token: string; identityId: string },
  options: BasicFlowOptions,
): Promise<AwsCredentials> {
  const endpoint = resolveEndpoint(account, 'sts', options.env);
  // AssumeRoleWithWebIdentity is an unsigned (noAuth) operation; a throwing provider keeps the SDK from ever
  // walking the default credential chain, which could run our own credential_process.
  const client = observeServerClock(
    new STSClient({
      region: account.region,
      ...(endpoint === undefined ? {} : { endpoint }),
      maxAttempts: MAX_ATTEMPTS,
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, ...sdkAgents(options.env) },
      credentials: () => Promise.reject(new Error('no AWS credentials are used for AssumeRoleWithWebIdentity')),
    }),
  );
  try {
    const out = await client.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: request.roleArn,
        // IAM allows [\w+=,.@-]{2,64}; the identity id's colon is not allowed, so it is not used here.
        RoleSessionName: `cognito-broker-${Date.now()}`,
        WebIdentityToken: openId.token,
        DurationSeconds: request.durationSeconds,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw new BrokerError('identity-pool', 'STS answered without complete credentials.', { hint: 'Try again; if it persists, tell the administrator.' });
    }
    const clockOffsetMs = serverClockOffsetOf(out);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration.toISOString(),
      roleArn: request.roleArn,
      identityId: openId.identityId,
      ...(clockOffsetMs ? { clockOffsetMs } : {}),
    };
  } catch (error) {
    throw stsError(error, account, request, endpoint);
  } finally {
    client.destroy();
  }
}

function stsError(error: unknown, account: PoolAccount, request: BasicFlowRequest, endpoint: string | undefined): BrokerError {
  if (error instanceof BrokerError) return error;
  const e = (error ?? {}) as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const role = request.roleArn;
  switch (name) {
    case 'AccessDenied':
    case 'AccessDeniedException':
      return new BrokerError('role-not-allowed', `AWS did not let this identity assume ${role} in the basic flow.`, {
        hint: "The administrator must allow it in the role's trust policy (cognito-identity.amazonaws.com, aud = the identity pool id, amr = authenticated).",
        cause: error,
      });
    case 'ValidationError':
      if (/DurationSeconds exceeds/i.test(message)) {
        return new BrokerError('invalid-argument', `The role ${role} does not allow sessions of ${request.durationSeconds} seconds.`, {
          hint: "Choose a shorter session duration for the account, or ask the administrator to raise the role's maximum session duration.",
          cause: error,
        });
      }
      return new BrokerError('invalid-argument', 'STS refused the request as malformed.', { hint: "Check the account's role ARN.", cause: error });
    case 'ExpiredTokenException':
    case 'InvalidIdentityTokenException':
    case 'InvalidIdentityToken':
    case 'IDPRejectedClaimException':
      return new BrokerError('identity-pool', 'STS did not accept the token from the identity pool.', {
        hint: `Try again; if it repeats, run \`cognito-broker login ${account.name}\`.`,
        cause: error,
      });
    case 'RegionDisabledException':
      return new BrokerError('identity-pool', `STS is not enabled in region ${account.region} for this AWS account.`, {
        hint: 'Ask the administrator to activate STS in that region.',
        cause: error,
      });
  }
  const code = (error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  if (name === 'TimeoutError' || (typeof code === 'string' && /^E(CONN|HOST|NET|AI_|NOTFOUND|TIMEDOUT|PIPE)/.test(code))) {
    return new BrokerError('network', `Could not reach STS at ${endpoint ?? "AWS's STS endpoint"}.`, {
      hint: 'Check your network connection, or the endpoint set on the account or in AWS_ENDPOINT_URL_STS.',
      cause: error,
    });
  }
  return new BrokerError('identity-pool', `STS refused the request (${name || 'unknown error'}).`, {
    hint: 'Try again; if it persists, tell the administrator.',
    cause: error,
  });
}

function endpointOf(account: PoolAccount, service: 'cognitoIdentity', options: BasicFlowOptions): { endpoint?: string } {
  const endpoint = resolveEndpoint(account, service, options.env);
  return endpoint === undefined ? {} : { endpoint };
}
