import { join } from 'node:path';
import { locksDir } from '../paths.js';
import { shortHash } from '../keychain/service-name.js';

/**
 * Longest pause between two looks at a busy refresh lock. Short enough that a burst is released soon after
 * the refresh; long enough that 64 waiting processes do not eat the CPU the refreshing one needs.
 */
export const REFRESH_LOCK_POLL_MS = 50;

/**
 * The refresh lock of one (account, role): a file under the home's locks folder, taken with
 * main/core/fs/file-lock.ts. Different pairs never wait on each other.
 */
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
