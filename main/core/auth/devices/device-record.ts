import type { DeviceView } from '../../../contract/sign-in-method.js';
import type { RememberedDevice } from '../srp/device-srp.js';
import { parseStoredObject } from '../../keychain/stored-json.js';

/**
 * This computer as a device of one user of one account, as the keychain keeps it (and only the keychain: the
 * device password is a secret that proves the device, like a password proves the user). A device the person
 * declined to remember is kept too, as `remembered: false`: sending its key on later sign-ins stops the pool
 * from minting a new device at every sign-in (without DEVICE_KEY "the InitiateAuth from Amazon Cognito
 * includes newly-generated DEVICE_KEY and DEVICE_GROUP_KEY values", API reference DeviceConfigurationType,
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeviceConfigurationType.html),
 * and it is how the question is asked once rather than at every sign-in.
 */
export interface DeviceRecord extends RememberedDevice {
  /** The pool's name for the user (USER_ID_FOR_SRP / `cognito:username`): a device belongs to one user. */
  username: string;
  /** Whether the pool remembers it (UpdateDeviceStatus remembered, or a pool that always remembers). */
  remembered: boolean;
  /** ISO 8601: when ConfirmDevice accepted this computer. */
  rememberedAt: string;
}

export function serializeDeviceRecord(record: DeviceRecord): string {
  const { deviceKey, deviceGroupKey, devicePassword, username, remembered, rememberedAt } = record;
  return JSON.stringify({ deviceKey, deviceGroupKey, devicePassword, username, remembered, rememberedAt });
}

/** A record from the keychain, or undefined for nothing or anything that is not a whole record. */
export function parseDeviceRecord(text: string | null): DeviceRecord | undefined {
  const v = parseStoredObject(text);
  if (!v) return undefined;
  for (const field of ['deviceKey', 'deviceGroupKey', 'devicePassword', 'username', 'rememberedAt'] as const) {
    if (typeof v[field] !== 'string' || v[field] === '') return undefined;
  }
  return {
    deviceKey: v.deviceKey as string,
    deviceGroupKey: v.deviceGroupKey as string,
    devicePassword: v.devicePassword as string,
    username: v.username as string,
    remembered: v.remembered === true,
    rememberedAt: v.rememberedAt as string,
  };
}

/** What the window and `devices show` see: never the device password or group key. */
export function deviceView(record: DeviceRecord | undefined): DeviceView {
  if (!record) return { remembered: false };
  return { remembered: record.remembered, deviceKey: record.deviceKey, rememberedAt: record.rememberedAt };
}
