import type { AccountSecretStore, SecretStore } from '../../keychain/secret-store.js';
import { secretKeys } from '../../keychain/secret-store.js';
import { parseDeviceRecord, serializeDeviceRecord, type DeviceRecord } from './device-record.js';

/**
 * The sign-in's view of the keychain's device records of one account: recall the record of a user, keep a
 * new one, drop a stale one. A port, so the sign-in state machine needs no keychain of its own.
 */
export interface DeviceMemory {
  recall(username: string): Promise<DeviceRecord | undefined>;
  keep(record: DeviceRecord): Promise<void>;
  drop(username: string): Promise<void>;
}

export function keychainDevices(store: SecretStore, account: string): DeviceMemory {
  return {
    recall: async (username) => parseDeviceRecord(await store.get(secretKeys.device(account, username))),
    keep: (record) => store.set(secretKeys.device(account, record.username), serializeDeviceRecord(record)),
    drop: async (username) => {
      await store.delete(secretKeys.device(account, username));
    },
  };
}

/** Every device record of the account (one per user who signed in here), found by listing its keys. */
export async function devicesOf(store: Pick<AccountSecretStore, 'keysOf' | 'get'>, account: string): Promise<DeviceRecord[]> {
  const prefix = secretKeys.device(account, '');
  const records: DeviceRecord[] = [];
  for (const key of await store.keysOf(account)) {
    if (!key.startsWith(prefix)) continue;
    const record = parseDeviceRecord(await store.get(key));
    if (record) records.push(record);
  }
  return records;
}

/** Whether a keychain key of the account is a device record (logout keeps these; see credential-broker.ts). */
export function isDeviceKey(account: string, key: string): boolean {
  return key.startsWith(secretKeys.device(account, ''));
}
