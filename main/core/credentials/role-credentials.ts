import type { Account } from '../accounts/account.js';
import type { IdTokenClaims } from '../auth/token-verifier.js';
import { BrokerError } from '../errors.js';
import { secretKeys } from '../keychain/secret-store.js';
import type { AwsCredentials } from './aws-credentials.js';
import type { BrokerParts } from './broker-parts.js';
import { getCredentialsForIdentity, getIdentityId } from './identity-pool.js';
import { parseStoredIdentity } from './session-record.js';

/**
 * GetId only when this user has no cached IdentityId, then GetCredentialsForIdentity — or, for an account
 * that opted in to longer sessions (`basicFlow`), GetOpenIdToken + STS AssumeRoleWithWebIdentity with its
 * duration. In the basic flow the pool does not pick the role, so the broker's choice (requested, the
 * account's default, or the token's preferred role) is the one assumed.
 */
export async function fetchRoleCredentials(
  parts: Pick<BrokerParts, 'store' | 'env' | 'phase' | 'commits'>,
  account: Account,
  claims: IdTokenClaims,
  idToken: string,
  roleArn: string | undefined,
  signedInAt: string,
): Promise<AwsCredentials> {
  const key = secretKeys.identityId(account.name);
  let identity = parseStoredIdentity(await parts.store.get(key));
  if (!identity || identity.sub !== claims.sub) {
    const fetched = { sub: claims.sub, identityId: await getIdentityId(account, idToken, { env: parts.env }) };
    identity = fetched;
    await parts.commits.commitOrThrow(account, signedInAt, () => parts.store.set(key, JSON.stringify(fetched)));
  }
  parts.phase('getting credentials from the identity pool');
  if (account.basicFlow) {
    if (roleArn === undefined) {
      throw new BrokerError('role-not-allowed', `Longer sessions for ${account.name} need a role from your groups, and your sign-in carries none.`, {
        hint: 'Ask the administrator to give one of your groups a role, or remove the session duration from the account to use one-hour credentials.',
      });
    }
    // Loaded only for accounts that use it: the STS client is not needed by any other sign-in or refresh.
    const { basicFlowCredentials } = await import('./basic-flow.js');
    return basicFlowCredentials(
      account,
      { identityId: identity.identityId, idToken, roleArn, durationSeconds: account.basicFlow.durationSeconds },
      { env: parts.env },
    );
  }
  const credentials = await getCredentialsForIdentity(account, identity.identityId, idToken, roleArn, { env: parts.env });
  return { ...credentials, roleArn: roleArn ?? credentials.roleArn };
}
