import { AwsError, type JsonObject } from './aws-json.js';
import { deviceType, type Device, type DeviceStore } from './device-store.js';
import type { DeviceConfiguration, DeviceTrackingDeps } from './device-tracking.js';
import { decodeJwtPayload } from './token-ledger.js';

/**
 * The device operations of the user-pool API (point 30 of the list at the top of user-pool-front.ts). The
 * front has already verified the access token of the user operations (point 11); the Admin forms name the
 * pool and user instead. A device key the user does not own, or one never handed out or forgotten, is
 * ResourceNotFoundException "Device does not exist." (the message AWS's clients look for, see device-tracking.ts).
 */
interface Context {
  store: DeviceStore;
  deps: DeviceTrackingDeps;
  configuration(poolId: string): Promise<DeviceConfiguration | undefined>;
}

const NO_DEVICE = 'Device does not exist.';
const STATUSES = ['remembered', 'not_remembered'];

export function deviceOperations({ store, deps, configuration }: Context): Record<string, (body: JsonObject) => Promise<JsonObject>> {
  async function tokenOwner(body: JsonObject): Promise<{ poolId: string; username: string }> {
    const claims = decodeJwtPayload(body.AccessToken);
    if (!claims || typeof claims.client_id !== 'string') throw new AwsError('NotAuthorizedException', 'Invalid Access Token');
    const client = await deps.clientInfo(claims.client_id);
    return { poolId: client.poolId, username: String(claims.username ?? '') };
  }

  async function adminOwner(body: JsonObject): Promise<{ poolId: string; username: string }> {
    const poolId = String(body.UserPoolId ?? '');
    const user = await deps.getUser(poolId, String(body.Username ?? ''));
    if (!user) throw new AwsError('UserNotFoundException', 'User does not exist.');
    return { poolId, username: String(user.Username) };
  }

  /** A device of this user: any handed-out key for ConfirmDevice, only tracked ones for the rest. */
  function ownDevice(owner: { poolId: string; username: string }, key: unknown, confirming = false): Device {
    const device = confirming ? store.get(key) : store.tracked(key, owner.poolId, owner.username);
    if (!device || device.poolId !== owner.poolId || device.username !== owner.username) throw new AwsError('ResourceNotFoundException', NO_DEVICE);
    return device;
  }

  /**
   * UpdateDeviceStatus: DeviceRememberedStatus `remembered` | `not_remembered` (API reference UpdateDeviceStatus,
   * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateDeviceStatus.html).
   */
  function setStatus(device: Device, status: unknown): JsonObject {
    if (status !== undefined) {
      if (typeof status !== 'string' || !STATUSES.includes(status))
        throw new AwsError(
          'InvalidParameterException',
          `1 validation error detected: Value '${String(status)}' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [${STATUSES.join(', ')}]`,
        );
      device.remembered = status === 'remembered';
      device.modified = Date.now();
    }
    return {};
  }

  /** ListDevices / AdminListDevices: Limit up to 60, PaginationToken an opaque position. */
  function page(devices: Device[], body: JsonObject): JsonObject {
    const limit = typeof body.Limit === 'number' && body.Limit > 0 ? Math.min(body.Limit, 60) : 60;
    const start = typeof body.PaginationToken === 'string' ? Number(Buffer.from(body.PaginationToken, 'base64url').toString('utf8')) || 0 : 0;
    const slice = devices.slice(start, start + limit);
    const next = start + limit < devices.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined;
    return { Devices: slice.map(deviceType), ...(next ? { PaginationToken: next } : {}) };
  }

  return {
    /**
     * ConfirmDevice (API reference, https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmDevice.html):
     * stores DeviceSecretVerifierConfig (PasswordVerifier and Salt, Base64 of the bytes identity-js's
     * generateHashDevice makes) and DeviceName, and begins tracking. UserConfirmationNecessary is true when the
     * pool's DeviceOnlyRememberedOnUserPrompt is: the device stays not_remembered until UpdateDeviceStatus;
     * otherwise it is remembered at once (API reference DeviceConfigurationType,
     * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeviceConfigurationType.html).
     */
    ConfirmDevice: async (body) => {
      const owner = await tokenOwner(body);
      const device = ownDevice(owner, body.DeviceKey, true);
      const config = await configuration(owner.poolId);
      if (!config) throw new AwsError('ResourceNotFoundException', NO_DEVICE);
      const verifierConfig = (body.DeviceSecretVerifierConfig ?? {}) as { PasswordVerifier?: string; Salt?: string };
      if (verifierConfig.Salt) device.saltHex = Buffer.from(verifierConfig.Salt, 'base64').toString('hex');
      if (verifierConfig.PasswordVerifier) device.verifier = BigInt(`0x${Buffer.from(verifierConfig.PasswordVerifier, 'base64').toString('hex') || '0'}`);
      if (typeof body.DeviceName === 'string') device.name = body.DeviceName;
      const prompt = config.DeviceOnlyRememberedOnUserPrompt === true;
      if (!device.confirmed) device.remembered = !prompt;
      device.confirmed = true;
      device.modified = Date.now();
      device.lastAuthenticated ??= device.created;
      return { UserConfirmationNecessary: prompt };
    },
    UpdateDeviceStatus: async (body) => setStatus(ownDevice(await tokenOwner(body), body.DeviceKey), body.DeviceRememberedStatus),
    AdminUpdateDeviceStatus: async (body) => setStatus(ownDevice(await adminOwner(body), body.DeviceKey), body.DeviceRememberedStatus),
    GetDevice: async (body) => ({ Device: deviceType(ownDevice(await tokenOwner(body), body.DeviceKey)) }),
    AdminGetDevice: async (body) => ({ Device: deviceType(ownDevice(await adminOwner(body), body.DeviceKey)) }),
    ListDevices: async (body) => {
      const owner = await tokenOwner(body);
      return page(store.list(owner.poolId, owner.username), body);
    },
    AdminListDevices: async (body) => {
      const owner = await adminOwner(body);
      return page(store.list(owner.poolId, owner.username), body);
    },
    /**
     * ForgetDevice / AdminForgetDevice (API reference,
     * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgetDevice.html): the
     * device is no longer tracked; a later sign-in with its key meets "Device does not exist.".
     */
    ForgetDevice: async (body) => {
      const device =
        body.AccessToken === undefined
          ? (store.get(body.DeviceKey) ?? ownDevice({ poolId: '', username: '' }, body.DeviceKey))
          : ownDevice(await tokenOwner(body), body.DeviceKey);
      store.forget(device.key);
      return {};
    },
    AdminForgetDevice: async (body) => {
      store.forget(ownDevice(await adminOwner(body), body.DeviceKey).key);
      return {};
    },
  };
}
