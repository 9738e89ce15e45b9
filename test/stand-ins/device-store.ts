import { createSign, randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { JsonObject } from './aws-json.js';

/**
 * The remembered devices the user-pool front keeps for cognito-local, which has none (points 28-34 of the list
 * at the top of user-pool-front.ts). One record per device key; a device exists once a sign-in handed its key
 * out in NewDeviceMetadata, is tracked once ConfirmDevice stored its SRP verifier, and is gone after
 * ForgetDevice / AdminForgetDevice.
 */
export interface Device {
  key: string;
  groupKey: string;
  poolId: string;
  /** The user's Username (not an alias). */
  username: string;
  /** ConfirmDevice ran: "This API call is the call that begins device tracking" (API reference ConfirmDevice). */
  confirmed: boolean;
  remembered: boolean;
  name?: string;
  saltHex?: string;
  verifier?: bigint;
  created: number;
  modified: number;
  lastAuthenticated?: number;
}

export type DeviceStatus = 'remembered' | 'not_remembered';

export class DeviceStore {
  private readonly devices = new Map<string, Device>();
  /** One device group per user, as the key a user's devices share in their SRP hashes. */
  private readonly groupKeys = new Map<string, string>();

  /**
   * A new device for a sign-in that brought no known device: the key is `<region>_<uuid>` (developer guide,
   * "Working with user devices in your user pool",
   * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html:
   * "The device key is in the format Region_UUID"), the region being the pool's.
   */
  create(poolId: string, username: string): Device {
    const region = poolId.split('_')[0] ?? 'us-east-1';
    const userKey = `${poolId}/${username}`;
    let groupKey = this.groupKeys.get(userKey);
    if (!groupKey) this.groupKeys.set(userKey, (groupKey = `-${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 9)}`));
    const now = Date.now();
    const device: Device = { key: `${region}_${randomUUID()}`, groupKey, poolId, username, confirmed: false, remembered: false, created: now, modified: now };
    this.devices.set(device.key, device);
    return device;
  }

  get(key: unknown): Device | undefined {
    return typeof key === 'string' ? this.devices.get(key) : undefined;
  }

  /** A tracked (confirmed) device of this user, or undefined. */
  tracked(key: unknown, poolId: string, username: string): Device | undefined {
    const device = this.get(key);
    return device && device.confirmed && device.poolId === poolId && device.username === username ? device : undefined;
  }

  /** The user's tracked devices, oldest first. */
  list(poolId: string, username: string): Device[] {
    return [...this.devices.values()].filter((d) => d.confirmed && d.poolId === poolId && d.username === username);
  }

  forget(key: string): void {
    this.devices.delete(key);
  }
}

/**
 * DeviceType as GetDevice / ListDevices answer it (API reference DeviceType,
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeviceType.html): the key, the
 * attributes (`device_name` is the name Amplify's fetchDevices reads; `dev:device_remembered_status` carries
 * DeviceRememberedStatus) and the dates as epoch seconds, as the JSON protocol sends timestamps.
 */
export function deviceType(device: Device): JsonObject {
  const attributes = [
    { Name: 'device_status', Value: 'valid' },
    ...(device.name !== undefined ? [{ Name: 'device_name', Value: device.name }] : []),
    { Name: 'dev:device_remembered_status', Value: device.remembered ? 'remembered' : 'not_remembered' },
    { Name: 'last_ip_used', Value: '127.0.0.1' },
  ];
  return {
    DeviceKey: device.key,
    DeviceAttributes: attributes,
    DeviceCreateDate: device.created / 1000,
    DeviceLastModifiedDate: device.modified / 1000,
    ...(device.lastAuthenticated !== undefined ? { DeviceLastAuthenticatedDate: device.lastAuthenticated / 1000 } : {}),
  };
}

let signingKey: string | undefined;

/**
 * The access token of a sign-in on a tracked pool names its device in the `device_key` claim, as AWS's do
 * (developer guide "Understanding the access token",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html).
 * cognito-local signs its tokens without one, so the front adds the claim and signs again with cognito-local's
 * own key (the key its JWKS publishes), keeping every other claim and the header.
 */
export function withDeviceKeyClaim(accessToken: unknown, deviceKey: string): unknown {
  if (typeof accessToken !== 'string') return accessToken;
  const [header, payload] = accessToken.split('.');
  if (!header || !payload) return accessToken;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JsonObject;
  if (claims.device_key === deviceKey) return accessToken;
  const body = Buffer.from(JSON.stringify({ ...claims, device_key: deviceKey })).toString('base64url');
  const signature = createSign('RSA-SHA256').update(`${header}.${body}`).sign(cognitoLocalKey()).toString('base64url');
  return `${header}.${body}.${signature}`;
}

function cognitoLocalKey(): string {
  if (!signingKey) {
    // Like cognito-local-process.ts: from the working directory first, then from the running script (the demo).
    for (const base of [join(process.cwd(), 'package.json'), process.argv[1] ?? ''].filter(Boolean)) {
      try {
        signingKey = (createRequire(base)('cognito-local/lib/keys/cognitoLocal.private.json') as { pem: string }).pem;
        break;
      } catch {
        // try the next base
      }
    }
    if (!signingKey) throw new Error('test backend: cannot find cognito-local to sign access tokens with the device_key claim');
  }
  return signingKey;
}
