import { GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Account } from '../accounts/account.js';
import type { AccountCheck } from '../../contract/app-api.js';
import { isBrokerError } from '../errors.js';
import { netFetch } from '../net/net-fetch.js';
import { identityPoolClient, userPoolClient } from '../aws/clients.js';
import { acceptedIssuers, jwksUri, resolveEndpoint } from '../aws/endpoints.js';

/**
 * "Test settings" before an account is saved, without signing anyone in and without credentials:
 * - user pool: on AWS its public signing keys (`<issuer>/.well-known/jwks.json`) answer only for a pool that
 *   exists; then the app client is probed (see checkClient);
 * - identity pool: an unsigned GetId without a login. A pool that exists answers NotAuthorized
 *   ("unauthenticated access is not supported") or, when it allows guests, an identity id; a wrong id
 *   answers ResourceNotFound. (A pool that allows guests records one guest identity for this check.)
 * Each answer is one sentence naming what was reached or what to fix.
 */
const TIMEOUT_MS = 5_000;

async function checkJwks(account: Account, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; message: string } | undefined> {
  const [issuer] = acceptedIssuers(account);
  if (issuer === undefined) return undefined;
  const url = jwksUri(account, issuer, env);
  try {
    const res = await netFetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) }, env);
    if (res.ok) return undefined;
    if (res.status === 404 || res.status === 400)
      return { ok: false, message: `There is no user pool ${account.userPoolId} in ${account.region}; check the pool id and region.` };
    return { ok: false, message: `The user pool answered with HTTP ${res.status}; try again later.` };
  } catch (err) {
    return {
      ok: false,
      message: networkMessage(err) ?? `Could not reach the user pool endpoint for ${account.region}; check the region, the endpoint and your network.`,
    };
  }
}

/** A proxy or certificate failure is already one sentence naming the setting to fix (net/network-errors.ts). */
function networkMessage(err: unknown): string | undefined {
  return isBrokerError(err) && err.code === 'network' ? err.message : undefined;
}

/**
 * The app client: a refresh with a token that cannot be valid. A client that exists refuses the token
 * (NotAuthorized); one that does not is ResourceNotFound. Nobody's password is tried, so no account can be
 * locked by a check.
 */
async function checkClient(account: Account, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; message: string }> {
  const client = userPoolClient(account, { env });
  try {
    await client.send(
      new InitiateAuthCommand({
        ClientId: account.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: 'cognito-broker-settings-check' },
      }),
    );
    return { ok: true, message: `Reached app client ${account.clientId} of user pool ${account.userPoolId}.` };
  } catch (err) {
    const name = (err as { name?: string }).name ?? '';
    if (name === 'NotAuthorizedException' || name === 'InvalidParameterException')
      return { ok: true, message: `Reached app client ${account.clientId} of user pool ${account.userPoolId}.` };
    if (name === 'ResourceNotFoundException')
      return { ok: false, message: `The user pool in ${account.region} has no app client ${account.clientId}; check the client id, pool id and region.` };
    return {
      ok: false,
      message: networkMessage(err) ?? `Could not reach the user pool endpoint for ${account.region}; check the region, the endpoint and your network.`,
    };
  } finally {
    client.destroy();
  }
}

async function checkUserPool(account: Account, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; message: string }> {
  // On AWS the pool's public keys prove the pool id; an emulator behind an overridden endpoint may not serve
  // them there, so only the client is checked against it.
  const overridden = resolveEndpoint(account, 'cognitoIdentityProvider', env) !== undefined;
  const pool = overridden ? undefined : await checkJwks(account, env);
  return pool ?? checkClient(account, env);
}

async function checkIdentityPool(account: Account, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; message: string }> {
  const client = identityPoolClient(account, { env });
  try {
    await client.send(new GetIdCommand({ IdentityPoolId: account.identityPoolId }));
    return { ok: true, message: `Reached identity pool ${account.identityPoolId} (it also allows guest access).` };
  } catch (err) {
    const name = (err as { name?: string }).name ?? '';
    if (name === 'NotAuthorizedException') return { ok: true, message: `Reached identity pool ${account.identityPoolId}.` };
    if (name === 'ResourceNotFoundException')
      return { ok: false, message: `There is no identity pool ${account.identityPoolId} in ${account.region}; check its id.` };
    if (name === 'InvalidParameterException' || name === 'ValidationException')
      return { ok: false, message: `The identity pool id ${account.identityPoolId} is not valid for ${account.region}.` };
    return {
      ok: false,
      message: networkMessage(err) ?? `Could not reach identity pool ${account.identityPoolId}; check the region, the endpoint and your network.`,
    };
  } finally {
    client.destroy();
  }
}

export async function checkAccountSettings(account: Account, env: NodeJS.ProcessEnv = process.env): Promise<AccountCheck> {
  const [userPool, identityPool] = await Promise.all([checkUserPool(account, env), checkIdentityPool(account, env)]);
  return { userPool, identityPool };
}
