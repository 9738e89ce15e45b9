import * as fs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BrokerError } from '../errors.js';
import { errnoCode, ioError } from './io-error.js';
import { isProcessAlive, processStartTime } from './process-alive.js';

export interface FileLockOptions {
  /** Give up after this long with BrokerError('lock-timeout'). Default 15 s. */
  timeoutMs?: number;
  /**
   * A lock older than this whose holder cannot be checked (another host) or is still alive is taken over.
   * A lock whose holder is dead on this host is taken over at once. Default 30 s.
   */
  staleMs?: number;
  /** Longest pause between two attempts (the pause starts at a few ms and grows). Default 50 ms. */
  maxPollMs?: number;
  /**
   * Test seam: runs after a lock was judged stale and before it is removed, so a test can widen the window
   * in which another waiter removes the same stale lock and takes a fresh one.
   */
  beforeTakeover?: () => Promise<void>;
}

interface LockOwner {
  pid: number;
  host: string;
  /** Kernel start time of `pid`, so a recycled pid does not keep a dead holder's lock alive. */
  start?: string;
  token: string;
  at: number;
}

const HOST = hostname();
let selfStart: string | undefined | null = null;
function ownStartTime(): string | undefined {
  if (selfStart === null) selfStart = processStartTime(process.pid);
  return selfStart;
}

/**
 * Runs `fn` while holding a cross-process exclusive lock on `lockPath` (a file holding pid, host, start time
 * and a random token, created atomically with link(2) so no one ever reads a half-written owner).
 *
 * Waiting polls with a short, growing, jittered pause (no busy loop). A holder that died (SIGKILL, crash) on
 * this host is detected on the next poll and its lock removed. Removing someone else's lock is the classic
 * race — two waiters both find the same stale lock, one removes it and takes a fresh one, the other then
 * removes that fresh lock — so every removal happens under a second, short-lived "breaker" lock and
 * re-checks that the file still holds the very owner judged stale. Release goes through the same breaker,
 * so a holder never deletes a lock that was taken over from it.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const owner = await acquire(lockPath, options);
  try {
    return await fn();
  } finally {
    await release(lockPath, owner);
  }
}

async function acquire(lockPath: string, options: FileLockOptions): Promise<LockOwner> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const staleMs = options.staleMs ?? 30_000;
  const maxPollMs = options.maxPollMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  try {
    await fs.mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw ioError('create the folder of the lock file', lockPath, error);
  }
  const owner: LockOwner = { pid: process.pid, host: HOST, start: ownStartTime(), token: randomBytes(12).toString('hex'), at: 0 };
  let pause = 2;
  let lastHolder: LockOwner | undefined;

  for (;;) {
    owner.at = Date.now();
    if (await tryCreate(lockPath, owner)) return owner;

    const holder = await readOwner(lockPath);
    // Released between our attempt and our look: try again at once (the deadline still applies).
    if (holder === 'gone' && Date.now() < deadline) continue;
    if (holder !== 'gone') lastHolder = holder ?? lastHolder;
    if (holder !== 'gone' && (await isStale(lockPath, holder, staleMs))) {
      await options.beforeTakeover?.();
      let removed = false;
      await withBreaker(
        lockPath,
        async () => {
          const again = await readOwner(lockPath);
          if (again === 'gone' || !sameOwner(again, holder)) removed = true;
          else if (await isStale(lockPath, again, staleMs)) removed = await unlinked(lockPath);
        },
        deadline,
      );
      // Retry at once unless the stale lock could not be removed (then wait like for a live one).
      if (removed) continue;
    }

    if (Date.now() >= deadline) {
      const who = lastHolder ? ` (held by process ${lastHolder.pid} on ${lastHolder.host})` : '';
      const waited = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
      throw new BrokerError('lock-timeout', `Timed out after ${waited} waiting for the lock ${lockPath}${who}.`, {
        hint: 'Another cognito-broker process is busy with the same file; try again, or end that process if it is stuck.',
      });
    }
    await sleep(Math.min(pause, Math.max(1, deadline - Date.now())) * (0.5 + Math.random()));
    pause = Math.min(maxPollMs, pause * 2);
  }
}

/** Atomic create-with-content: write a private file, then hard-link it to the lock name (fails if it exists). */
async function tryCreate(lockPath: string, owner: LockOwner): Promise<boolean> {
  const temp = `${lockPath}.${owner.token}.${process.pid}.tmp`;
  try {
    // 'wx' (O_CREAT|O_EXCL): never opens through a symbolic link planted at the temporary name.
    await fs.writeFile(temp, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    throw ioError('create the lock file', lockPath, error);
  }
  try {
    await fs.link(temp, lockPath);
    return true;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return tryCreateExclusive(lockPath, owner);
    throw ioError('create the lock file', lockPath, error);
  } finally {
    await fs.unlink(temp).catch(() => undefined);
  }
}

/** For file systems without hard links: O_EXCL. A reader may briefly see it empty; readOwner treats that as held. */
async function tryCreateExclusive(lockPath: string, owner: LockOwner): Promise<boolean> {
  try {
    await fs.writeFile(lockPath, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw ioError('create the lock file', lockPath, error);
  }
}

/** 'gone' when there is no lock file; undefined when it cannot be understood (being written, or foreign). */
async function readOwner(lockPath: string): Promise<LockOwner | undefined | 'gone'> {
  let text: string;
  try {
    text = await fs.readFile(lockPath, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 'gone';
    throw ioError('read the lock file', lockPath, error);
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string' && typeof parsed.at === 'number') {
      return { pid: parsed.pid, host: parsed.host, start: parsed.start, token: parsed.token, at: parsed.at };
    }
  } catch {
    // Unreadable content: judged by the file's age below.
  }
  return undefined;
}

function sameOwner(a: LockOwner | undefined, b: LockOwner | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.token === b.token;
}

async function isStale(lockPath: string, holder: LockOwner | undefined, staleMs: number): Promise<boolean> {
  if (holder && holder.host === HOST) {
    if (!isProcessAlive(holder.pid)) return true;
    if (holder.start !== undefined) {
      const start = processStartTime(holder.pid);
      if (start !== undefined && start !== holder.start) return true;
    }
  }
  let age: number;
  if (holder) age = Date.now() - holder.at;
  else {
    try {
      age = Date.now() - (await fs.stat(lockPath)).mtimeMs;
    } catch {
      return false;
    }
  }
  return age > staleMs;
}

/**
 * The breaker is held only for a read and an unlink. Its own holder can only leave it behind by dying in
 * that instant; a breaker whose holder is dead (or that is older than a few seconds) is removed directly.
 */
async function withBreaker(lockPath: string, fn: () => Promise<void>, deadline: number): Promise<void> {
  const breaker = `${lockPath}.break`;
  const me: LockOwner = { pid: process.pid, host: HOST, start: ownStartTime(), token: randomBytes(12).toString('hex'), at: 0 };
  let pause = 1;
  for (;;) {
    me.at = Date.now();
    if (await tryCreate(breaker, me)) break;
    const holder = await readOwner(breaker);
    if (holder !== 'gone' && (await isStale(breaker, holder, 5_000)) && (await unlinked(breaker))) continue;
    if (Date.now() >= deadline + 5_000) {
      throw new BrokerError('lock-timeout', `Timed out waiting for the lock ${lockPath}.`, {
        hint: 'Another cognito-broker process is busy with the same file; try again.',
      });
    }
    await sleep(pause);
    pause = Math.min(20, pause * 2);
  }
  try {
    await fn();
  } finally {
    await fs.unlink(breaker).catch(() => undefined);
  }
}

/** Removes a file; true when it is gone afterwards (someone else removing it first counts). */
async function unlinked(path: string): Promise<boolean> {
  try {
    await fs.unlink(path);
    return true;
  } catch (error) {
    return errnoCode(error) === 'ENOENT';
  }
}

async function release(lockPath: string, owner: LockOwner): Promise<void> {
  const removeIfOurs = async () => {
    const current = await readOwner(lockPath).catch(() => undefined);
    if (current !== 'gone' && current?.token === owner.token) await fs.unlink(lockPath).catch(() => undefined);
  };
  try {
    await withBreaker(lockPath, removeIfOurs, Date.now() + 15_000);
  } catch {
    // The work under the lock is done and must not be reported as failed because the breaker was busy.
    await removeIfOurs();
  }
}
