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
export function resolveEndpoint(account: Pick<Account, 'endpoints'>, service: BrokerService, env: NodeJS.ProcessEnv = process.env): string | undefined {
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

/** An AWS Region name (`eu-west-1`, `us-gov-west-1`, `cn-north-1`). */
const REGION_NAME = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

/**
 * The pool's primary Region, from its id: AWS names every pool `<region>_<id>` after the Region it was created
 * in, and a multi-Region replica keeps that id (developer guide, "Multi-Region replication for user pools",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html). Undefined for ids
 * that name no Region, such as an emulator's `local_abc`.
 */
export function userPoolPrimaryRegion(userPoolId: string): string | undefined {
  const prefix = userPoolId.slice(0, Math.max(0, userPoolId.indexOf('_')));
  return REGION_NAME.test(prefix) ? prefix : undefined;
}

/**
 * The issuers AWS signs a pool's tokens with, whatever endpoint the client called (API reference,
 * IssuerConfigurationType,
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_IssuerConfigurationType.html):
 * ORIGINAL `https://cognito-idp.<region>.amazonaws.com/<poolId>` and UPDATED
 * `https://issuer-cognito-idp.<region>.amazonaws.com/<poolId>`, `<region>` being the pool's primary Region.
 * An account with an explicit `issuer` (an emulator that signs with its own address) accepts that one only.
 * Empty when neither is known: the caller explains that the account needs an `issuer`.
 */
export function acceptedIssuers(account: Pick<Account, 'userPoolId' | 'issuer'>): string[] {
  if (account.issuer !== undefined) return [account.issuer.replace(/\/+$/, '')];
  const region = userPoolPrimaryRegion(account.userPoolId);
  if (region === undefined) return [];
  const suffix = awsDnsSuffix(region);
  return [`https://cognito-idp.${region}.${suffix}/${account.userPoolId}`, `https://issuer-cognito-idp.${region}.${suffix}/${account.userPoolId}`];
}

/**
 * Where the pool's signing keys are fetched for a token of `issuer` (one of acceptedIssuers): below the
 * configured cognito-idp endpoint when there is one (a FIPS, PrivateLink or proxy host, or an emulator — the
 * only address the person's network can reach), else below the issuer itself, which is a public AWS address.
 */
export function jwksUri(account: Pick<Account, 'endpoints' | 'userPoolId'>, issuer: string, env: NodeJS.ProcessEnv = process.env): string {
  const endpoint = resolveEndpoint(account, 'cognitoIdentityProvider', env);
  return endpoint === undefined ? `${issuer}/.well-known/jwks.json` : `${endpoint}/${account.userPoolId}/.well-known/jwks.json`;
}

/**
 * The identity pool's provider name for this user pool, the key of `Logins`:
 * `cognito-idp.<region>.amazonaws.com/<userPoolId>` (API reference GetId, Logins;
 * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetId.html), `<region>` being the pool's
 * primary Region — the one in its id — also for an account that reaches a replica in another Region, and also
 * for a pool on the UPDATED issuer (AWS documents no other provider name for it). It never names an overridden
 * endpoint: the identity pool matches it against its configured providers.
 */
export function identityProviderName(account: Pick<Account, 'region' | 'userPoolId'>): string {
  const region = userPoolPrimaryRegion(account.userPoolId) ?? account.region;
  return `cognito-idp.${region}.${awsDnsSuffix(region)}/${account.userPoolId}`;
}
