import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import type { Account } from '../accounts/account.js';
import { sdkAgents } from '../net/sdk-agent.js';
import { resolveEndpoint } from './endpoints.js';
import { observeServerClock } from './server-clock-observer.js';

/**
 * Connecting to a reachable AWS endpoint takes milliseconds; a few seconds means the host is down or a
 * firewall drops packets, and the person should hear so instead of waiting.
 */
export const CONNECT_TIMEOUT_MS = 3_000;
/** A whole request; Cognito answers in well under a second, SRP verification included. */
export const REQUEST_TIMEOUT_MS = 10_000;
/**
 * One retry for throttling and 5xx answers only (the SDK's standard mode never retries a 4xx such as a wrong
 * code). More attempts would multiply the wait on a dead endpoint, and parallel credential-process runs are
 * serialised by the broker's lock rather than by retries.
 */
export const MAX_ATTEMPTS = 2;

export interface ClientOptions {
  env?: NodeJS.ProcessEnv;
  /**
   * Credentials for the few signed calls (DescribeUserPool). The broker's own calls are unsigned: sign-in,
   * challenges, refresh, RevokeToken, GetId and GetCredentialsForIdentity are `smithy.api#noAuth`
   * operations, so the SDK never looks for credentials for them — which matters, because the default chain
   * could run our own credential_process and recurse.
   */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

function common(account: Pick<Account, 'region'>, endpoint: string | undefined, options: ClientOptions) {
  return {
    region: account.region,
    ...(endpoint === undefined ? {} : { endpoint }),
    maxAttempts: MAX_ATTEMPTS,
    // Proxy variables, AWS_CA_BUNDLE and the app's system proxy (net/sdk-agent.ts); the SDK's own agents otherwise.
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, ...sdkAgents(options.env) },
    // Without explicit credentials, a signed call fails instead of walking the default provider chain.
    credentials: options.credentials ?? (() => Promise.reject(new Error('no AWS credentials were given for a signed call'))),
  };
}

/** User pool client (sign-in, challenges, tokens) at the account's resolved endpoint. */
export function userPoolClient(account: Pick<Account, 'region' | 'endpoints'>, options: ClientOptions = {}): CognitoIdentityProviderClient {
  const endpoint = resolveEndpoint(account, 'cognitoIdentityProvider', options.env);
  // Every client learns the server's clock from its answers (server-clock-observer.ts).
  return observeServerClock(new CognitoIdentityProviderClient(common(account, endpoint, options)));
}

/** Identity pool client (GetId, GetCredentialsForIdentity) at the account's resolved endpoint. */
export function identityPoolClient(account: Pick<Account, 'region' | 'endpoints'>, options: ClientOptions = {}): CognitoIdentityClient {
  const endpoint = resolveEndpoint(account, 'cognitoIdentity', options.env);
  return observeServerClock(new CognitoIdentityClient(common(account, endpoint, options)));
}

/** Static credentials from the environment, if the person exported some; never the provider chain (see above). */
export function environmentCredentials(env: NodeJS.ProcessEnv = process.env): ClientOptions['credentials'] {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}
