import { ForgetDeviceCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Account } from '../../accounts/account.js';
import { userPoolClient } from '../../aws/clients.js';
import { resolveEndpoint } from '../../aws/endpoints.js';
import { cognitoError } from '../cognito-errors.js';

/**
 * ForgetDevice at the pool, authorised with the signed-in user's access token
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgetDevice.html): the
 * device is no longer tracked or remembered, and its key stops working for DEVICE_SRP_AUTH and refresh. A
 * device the pool no longer knows (ResourceNotFoundException) is already what was asked for.
 */
export async function forgetDeviceAtPool(
  account: Pick<Account, 'name' | 'region' | 'endpoints'>,
  deviceKey: string,
  accessToken: string,
  env?: NodeJS.ProcessEnv,
): Promise<void> {
  const client = userPoolClient(account, env === undefined ? {} : { env });
  try {
    await client.send(new ForgetDeviceCommand({ AccessToken: accessToken, DeviceKey: deviceKey }));
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name === 'ResourceNotFoundException') return;
    const endpoint = resolveEndpoint(account, 'cognitoIdentityProvider', env);
    throw cognitoError(error, { call: 'device', account: account.name, ...(endpoint === undefined ? {} : { endpoint }) });
  } finally {
    client.destroy();
  }
}
