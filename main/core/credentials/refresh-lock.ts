import { join } from 'node:path';
import { locksDir } from '../paths.js';
import { shortHash } from '../keychain/service-name.js';

/**
 * The refresh lock of one (account, role): a file under the home's locks folder, taken with
 * main/core/fs/file-lock.ts. Different pairs never wait on each other.
 */
/** Waiters poll at most this often: a burst of processes is released quickly once the refresh is done. */
export const REFRESH_LOCK_POLL_MS = 25;

export function refreshLockPath(home: string, account: string, roleKey: string): string {
  return join(locksDir(home), `refresh-${account}-${shortHash(roleKey)}.lock`);
}

/**
 * credential-process takes the refresh lock in its small hot-path bundle (so a burst of processes waits
 * there, cheaply, instead of each loading the full CLI) and then runs the refresh in cli-main.cjs — a
 * separate bundle — while still holding it. The lock is not re-entrant, so the holder announces it here,
 * on `globalThis` under a registered symbol that both bundles share, and the broker does not take it again.
 */
const KEY = Symbol.for('cognito-broker.held-refresh-locks');

function held(): Set<string> {
  const g = globalThis as Record<symbol, Set<string> | undefined>;
  let set = g[KEY];
  if (!set) {
    set = new Set();
    g[KEY] = set;
  }
  return set;
}

export function markRefreshLockHeld(path: string): void {
  held().add(path);
}

export function unmarkRefreshLockHeld(path: string): void {
  held().delete(path);
}

export function isRefreshLockHeld(path: string): boolean {
  return held().has(path);
}
