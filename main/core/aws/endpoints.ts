import type { Account } from '../accounts/account.js';

/** The AWS services the broker talks to, named as in the account's `endpoints` field. */
export type BrokerService = 'cognitoIdentityProvider' | 'cognitoIdentity' | 'sts';

/** The service-specific variables the AWS CLI and SDKs read, so an emulator set up for them works for us too. */
const serviceVariables: Record<BrokerService, string> = {
  cognitoIdentityProvider: 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER',
  cognitoIdentity: 'AWS_ENDPOINT_URL_COGNITO_IDENTITY',
  sts: 'AWS_ENDPOINT_URL_STS',
};

/**
 * Where to send calls for one service: the account's own override first (an administrator pinned it), then
 * `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`; undefined means the real AWS endpoint of the region.
 * Trailing slashes are dropped so issuer URLs built from the result match the ones the server puts in tokens.
 */
export function resolveEndpoint(
  account: Pick<Account, 'endpoints'>,
  service: BrokerService,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const candidates = [account.endpoints?.[service], env[serviceVariables[service]], env.AWS_ENDPOINT_URL];
  for (const value of candidates) {
    if (value !== undefined && value.trim() !== '') return value.trim().replace(/\/+$/, '');
  }
  return undefined;
}

/** The DNS suffix of the region's partition (China regions live under amazonaws.com.cn). */
export function awsDnsSuffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/**
 * The user pool's token issuer. AWS: `https://cognito-idp.<region>.amazonaws.com/<poolId>`; an overridden
 * endpoint (an emulator such as cognito-local) issues tokens as `<endpoint>/<poolId>`.
 */
export function userPoolIssuer(account: Pick<Account, 'endpoints' | 'region' | 'userPoolId'>, env: NodeJS.ProcessEnv = process.env): string {
  const endpoint = resolveEndpoint(account, 'cognitoIdentityProvider', env);
  const base = endpoint ?? `https://cognito-idp.${account.region}.${awsDnsSuffix(account.region)}`;
  return `${base}/${account.userPoolId}`;
}

/**
 * The identity pool's provider name for this user pool. It is always the AWS name — the identity pool
 * matches it against its configured providers — even when the user pool itself is reached through an
 * overridden endpoint.
 */
export function identityProviderName(account: Pick<Account, 'region' | 'userPoolId'>): string {
  return `cognito-idp.${account.region}.${awsDnsSuffix(account.region)}/${account.userPoolId}`;
}
