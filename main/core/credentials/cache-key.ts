/**
 * Which cached-credentials entry a request maps to. `--role ARN` → that role; otherwise the account's
 * default role when it has one; otherwise `default` (the role the token's preferred role or the pool picks).
 * The hot path and the refresh path must compute the same key, so it lives here with no imports at all.
 */
export const POOL_DEFAULT_ROLE_KEY = 'default';

export function credentialsRoleKey(requestedRoleArn: string | undefined, accountDefaultRoleArn: string | undefined): string {
  return requestedRoleArn ?? accountDefaultRoleArn ?? POOL_DEFAULT_ROLE_KEY;
}
