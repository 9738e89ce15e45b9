import type { Account } from '../accounts/account.js';
import { devicesOf } from '../auth/devices/device-store.js';
import { forgetDeviceAtPool } from '../auth/devices/forget-device.js';
import { BrokerError, isBrokerError } from '../errors.js';
import { withFileLock } from '../fs/file-lock.js';
import type { AccountSecretStore } from '../keychain/secret-store.js';
import { secretKeys } from '../keychain/secret-store.js';
import { commitLockPath, REFRESH_LOCK_POLL_MS, sessionLockPath } from './refresh-lock.js';
import type { SessionAuth } from './session-auth.js';
import { parseStoredSession } from './session-record.js';
import { freshAccessToken } from './fresh-access-token.js';

export interface ForgetParts {
  home: string;
  store: AccountSecretStore;
  auth: Pick<SessionAuth, 'refreshSession'>;
  env: NodeJS.ProcessEnv;
  lockTimeoutMs?: number;
}

export interface ForgetOutcome {
  /** Device records deleted from the keychain. */
  removed: number;
  /** ForgetDevice succeeded at the pool (or the pool had already forgotten the device). */
  forgottenAtPool: boolean;
  /** Why the pool could not be told (not signed in, network …); the keychain records are deleted regardless. */
  poolError?: BrokerError;
}

/**
 * "Forget this computer" for an account: ForgetDevice at the pool with the signed-in user's access token
 * (forget-device.ts; a stored token with under a minute left is renewed first, as self-service calls do), then
 * every device record of the account deleted from the keychain, and the session's device key dropped so the
 * next refresh does not send a key the pool no longer knows. The keychain records go also when the pool
 * cannot be told: without the device password nobody can use the device the pool still lists, and the
 * person asked for this computer to be forgotten.
 */
export async function forgetThisComputer(parts: ForgetParts, account: Account): Promise<ForgetOutcome> {
  const { store } = parts;
  const records = await devicesOf(store, account.name);
  if (records.length === 0) return { removed: 0, forgottenAtPool: false };
  const session = parseStoredSession(await store.get(secretKeys.session(account.name)));
  const own = records.find((r) => r.deviceKey === session?.deviceKey) ?? records.find((r) => r.username === session?.username);
  let forgottenAtPool = false;
  let poolError: BrokerError | undefined;
  if (session && own) {
    try {
      await forgetDeviceAtPool(account, own.deviceKey, await accessToken(parts, account), parts.env);
      forgottenAtPool = true;
    } catch (error) {
      poolError = isBrokerError(error)
        ? error
        : new BrokerError('network', `Could not tell the user pool of ${account.name} to forget this computer.`, { cause: error });
    }
  } else {
    poolError = new BrokerError('not-signed-in', `${account.name} is not signed in, so the user pool still lists this computer.`, {
      hint: 'Its device password is deleted here, so the listed device cannot be used; an administrator can remove it (AdminForgetDevice).',
    });
  }
  let removed = 0;
  const lock = { timeoutMs: parts.lockTimeoutMs ?? 15_000, maxPollMs: REFRESH_LOCK_POLL_MS };
  // Session lock outside, commit lock inside (refresh-lock.ts): a refresh running now cannot write the old device key back.
  await withFileLock(
    sessionLockPath(parts.home, account.name),
    () =>
      withFileLock(
        commitLockPath(parts.home, account.name),
        async () => {
          for (const record of records) if (await store.delete(secretKeys.device(account.name, record.username))) removed++;
          const current = parseStoredSession(await store.get(secretKeys.session(account.name)));
          if (current?.deviceKey !== undefined) {
            const { deviceKey: _dropped, ...rest } = current;
            await store.set(secretKeys.session(account.name), JSON.stringify(rest));
          }
        },
        lock,
      ),
    lock,
  );
  return { removed, forgottenAtPool, ...(poolError === undefined ? {} : { poolError }) };
}

/** The stored access token with at least a minute left, else a renewed one (rotated refresh token stored). */
async function accessToken(parts: ForgetParts, account: Account): Promise<string> {
  const token = await freshAccessToken(parts, account);
  if (!token) throw new BrokerError('not-signed-in', `${account.name} is not signed in.`, { hint: `Run \`cognito-broker login ${account.name}\` first.` });
  return token;
}
