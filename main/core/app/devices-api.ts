import * as accountStore from '../accounts/account-store.js';
import type { ActivityEntry, AppApi, DeviceView } from '../../contract/app-api.js';
import { deviceView } from '../auth/devices/device-record.js';
import { devicesOf } from '../auth/devices/device-store.js';
import { forgetThisComputer } from '../credentials/forget-this-computer.js';
import { parseStoredSession } from '../credentials/session-record.js';
import type { SessionAuth } from '../credentials/session-auth.js';
import type { AccountSecretStore } from '../keychain/secret-store.js';
import { secretKeys } from '../keychain/secret-store.js';

export type DevicesApi = Pick<AppApi, 'getDevice' | 'forgetDevice'>;

export interface DevicesContext {
  home: string;
  env: NodeJS.ProcessEnv;
  store: AccountSecretStore;
  auth: Pick<SessionAuth, 'refreshSession'>;
  record(entry: Omit<ActivityEntry, 'at'>): Promise<void>;
  changed(reason: string): void;
}

/**
 * The account's remembered device as the window shows it, read from the keychain without the network: the
 * record of the signed-in user when there is one, else the account's only (or first) record. The view has the
 * device key and when it was remembered; never the device password or group key.
 */
export async function readDeviceView(store: AccountSecretStore, account: string): Promise<DeviceView> {
  const records = await devicesOf(store, account);
  const session = parseStoredSession(await store.get(secretKeys.session(account)));
  return deviceView(records.find((r) => r.username === session?.username) ?? records[0]);
}

/** The window's "Remembered device" calls: show, and "Forget this computer" (forget-this-computer.ts). */
export function createDevicesApi(ctx: DevicesContext): DevicesApi {
  return {
    async getDevice(name: string) {
      const account = await accountStore.getAccount(ctx.home, name);
      return readDeviceView(ctx.store, account.name);
    },
    async forgetDevice(name: string) {
      const account = await accountStore.getAccount(ctx.home, name);
      const outcome = await forgetThisComputer(ctx, account);
      if (outcome.removed > 0) {
        const note = outcome.forgottenAtPool ? '' : ` The user pool could not be told (${outcome.poolError?.message ?? 'unknown reason'}).`;
        await ctx.record({ kind: 'account', account: name, message: `Forgot this computer as a remembered device of ${name}.${note}` });
        ctx.changed('device forgotten');
      }
      return readDeviceView(ctx.store, account.name);
    },
  };
}
