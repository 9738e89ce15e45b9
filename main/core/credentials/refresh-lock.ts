import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locksDir } from '../paths.js';
import { shortHash } from '../keychain/service-name.js';
import { isErrorCode, type ErrorCode } from '../../contract/error-codes.js';

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
 * The session lock of one account, held around "read the refresh token → refresh at the user pool → store the
 * new tokens". Every role of an account shares one refresh token; with refresh-token rotation, two roles
 * refreshing at once would both spend it and one of the rotated tokens would be lost. It is only ever taken
 * inside a role's refresh lock (or alone), never the other way round, so the two cannot deadlock.
 */
export function sessionLockPath(home: string, account: string): string {
  return join(locksDir(home), `session-${account}.lock`);
}

/**
 * The commit lock of one account, held only for the few keychain writes that store what a sign-in or a
 * refresh produced, and by sign-out while it deletes (session-commit.ts): whichever of
 * them comes last wins, and a refresh can store nothing of a session that a sign-out or a new sign-in ended.
 * Innermost of the three locks: taken inside a role's refresh lock or the session lock, never around them.
 */
export function commitLockPath(home: string, account: string): string {
  return join(locksDir(home), `commit-${account}.lock`);
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

/**
 * A refresh that failed (network down, sign-in revoked) is recorded next to its lock, so the processes of
 * a burst that were already queued behind it report the same failure at once instead of each retrying in
 * turn until the deadline. Only a caller that started waiting before the failure reuses it: a call that
 * starts afterwards tries again itself. Only the error's code and its secret-free sentences are kept.
 */
export interface RefreshFailure {
  at: number;
  code: ErrorCode;
  message: string;
  hint?: string;
}

export function refreshFailurePath(lockPath: string): string {
  return `${lockPath}.failed`;
}

/** The failure recorded for this lock at or after `since` (ms since the epoch), if any. Sync: the hot path uses it. */
export function refreshFailureSince(lockPath: string, since: number): RefreshFailure | undefined {
  try {
    const value = JSON.parse(readFileSync(refreshFailurePath(lockPath), 'utf8')) as Partial<RefreshFailure>;
    if (typeof value.at !== 'number' || !isErrorCode(value.code) || typeof value.message !== 'string') return undefined;
    if (value.at < since) return undefined;
    return { at: value.at, code: value.code, message: value.message, ...(typeof value.hint === 'string' ? { hint: value.hint } : {}) };
  } catch {
    return undefined;
  }
}
