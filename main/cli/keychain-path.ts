import { existsSync, readFileSync } from 'node:fs';
import { accountsFile, brokerHome } from '../core/paths.js';
import { isPrivateBrokerHome } from '../core/fs/private-dir-check.js';
import { secretKeys } from '../core/keychain/secret-store.js';
import { keychainService } from '../core/keychain/service-name.js';
import { toProcessOutput } from '../core/credentials/aws-credentials.js';
import { credentialsRoleKey } from '../core/credentials/cache-key.js';
import { isFresh, parseCachedCredentials } from '../core/credentials/cached-credentials.js';
import { markRefreshLockHeld, refreshFailureSince, refreshLockPath, unmarkRefreshLockHeld } from '../core/credentials/refresh-lock.js';
import type { Deadline } from './deadline.js';
import { armDeadline } from './deadline.js';
import type { HotRequest } from './hot-request.js';
import { hotDeadlineSeconds, hotRequest } from './hot-request.js';
import { printAndExit } from './print-and-exit.js';

/**
 * The second stage of `cognito-broker` (dist/cli/keychain-path.cjs): entry.ts (dist/cli/cognito-broker.cjs)
 * requires it for everything the running app or `serve` did not answer over the credential socket. The AWS
 * CLI runs credential_process on every command, so without the app a cache hit is served from this small
 * bundle: read the accounts file with JSON.parse only when no --role is given, ONE keychain read, print,
 * exit. No AWS SDK, no schema library, no cli-main. A stale or missing cache waits on the (account, role)
 * refresh lock here too, so a burst of processes loads cli-main once, in the process that refreshes.
 * Everything else — other commands, any error — goes to cli-main.cjs, which does the same work properly and
 * reports errors in full. It never asks the socket again: entry.ts did, once.
 */

type KeyringModule = typeof import('@napi-rs/keyring');

const argv = process.argv.slice(2);
/** When this process started (ms since the epoch): failures of refreshes it queued behind are reused. */
function processStartedAt(): number {
  return Math.floor(Date.now() - process.uptime() * 1000);
}

/** The account's default role, read without a schema: any surprise means "let cli-main handle it". */
function accountDefaultRole(home: string, name: string): { found: boolean; defaultRoleArn?: string } {
  try {
    const file = JSON.parse(readFileSync(accountsFile(home), 'utf8')) as { accounts?: { name?: unknown; defaultRoleArn?: unknown }[] };
    const account = Array.isArray(file.accounts) ? file.accounts.find((a) => a && a.name === name) : undefined;
    if (!account) return { found: false };
    return typeof account.defaultRoleArn === 'string' ? { found: true, defaultRoleArn: account.defaultRoleArn } : { found: true };
  } catch {
    return { found: false };
  }
}

interface CacheSlot {
  home: string;
  roleKey: string;
  read(): Promise<string | undefined>;
}

/** The keychain entry this request is served from, or undefined when cli-main must handle it. */
function cacheSlot(request: HotRequest): CacheSlot | undefined {
  const home = brokerHome();
  // A home others can write is not read here: cli-main refuses it with the command that fixes it.
  if (!isPrivateBrokerHome(home)) return undefined;
  let roleKey: string;
  if (request.role !== undefined) roleKey = request.role;
  else {
    const account = accountDefaultRole(home, request.account);
    if (!account.found) return undefined;
    roleKey = credentialsRoleKey(undefined, account.defaultRoleArn);
  }
  // Loaded only here, so `--help` and friends do not pay for the native module twice.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- because the native module loads synchronously, only on this path, and stays out of the bundle
  const keyring = require('@napi-rs/keyring') as KeyringModule;
  const entry = new keyring.AsyncEntry(keychainService(home), secretKeys.credentials(request.account, roleKey), { linux: { store: 'secret-service' } });
  return {
    home,
    roleKey,
    async read() {
      const cached = parseCachedCredentials(await entry.getPassword());
      return cached && isFresh(cached) ? toProcessOutput(cached) : undefined;
    },
  };
}

interface Outcome {
  output?: string;
  code?: number;
  error?: string;
}

/**
 * Stale or missing: the (account, role) refresh lock decides who refreshes, here in the small bundle, so a
 * burst of processes loads cli-main once, in the process that refreshes. The others do not queue on the
 * lock one by one: they watch for the lock file to go away (a cheap stat) and then all read the keychain
 * at once. Now and then they try the lock itself, which is what notices a holder that died.
 */
async function serveUnderLock(request: HotRequest, slot: CacheSlot, deadline: Deadline): Promise<Outcome> {
  const { withFileLock } = await import('../core/fs/file-lock.js');
  const { isBrokerError } = await import('../core/errors.js');
  const lockPath = refreshLockPath(slot.home, request.account, slot.roleKey);
  const started = processStartedAt();
  // The refresh we waited for failed: say so now rather than try again (a sign-in that needs a person
  // still goes to cli-main, which asks the app).
  const failed = (): Outcome | undefined => {
    const failure = refreshFailureSince(lockPath, started);
    if (!failure || failure.code === 'session-expired' || failure.code === 'not-signed-in') return undefined;
    return { error: failure.hint ? `${failure.message}\n${failure.hint}` : failure.message };
  };
  const underLock = async (): Promise<Outcome> => {
    deadline.phase = 'reading cached credentials from the keychain';
    const output = await slot.read();
    if (output !== undefined) return { output };
    const failure = failed();
    if (failure) return failure;
    markRefreshLockHeld(lockPath);
    try {
      return { code: await slowPath() };
    } finally {
      unmarkRefreshLockHeld(lockPath);
    }
  };
  for (;;) {
    try {
      // One attempt (and a check for a dead holder); `lock-timeout` means someone else holds it.
      return await withFileLock(lockPath, underLock, { timeoutMs: 0 });
    } catch (error) {
      if (!isBrokerError(error) || error.code !== 'lock-timeout') throw error;
    }
    deadline.phase = 'waiting for another cognito-broker process to renew the credentials';
    for (let waited = 0; waited < LOCK_RETRY_MS && existsSync(lockPath); waited += LOCK_WATCH_MS) {
      await new Promise((resolve) => setTimeout(resolve, LOCK_WATCH_MS * (0.5 + Math.random())));
    }
    if (!existsSync(lockPath)) {
      deadline.phase = 'reading cached credentials from the keychain';
      const output = await slot.read();
      if (output !== undefined) return { output };
      const failure = failed();
      if (failure) return failure;
    }
  }
}

/** How often a waiting process looks whether the refresh lock is gone, and how often it tries the lock. */
const LOCK_WATCH_MS = 20;
const LOCK_RETRY_MS = 500;

async function slowPath(): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- because cli-main.cjs is a separate bundle next to this one, loaded only off the hot path
  const cli = require('./cli-main.cjs') as { runCli(argv: readonly string[]): Promise<number> };
  return cli.runCli(argv);
}

/**
 * Continues a call the socket stage (entry.ts) did not answer. `socketThrew`: asking the running broker
 * threw (it never should), which — as when both stages were one — sends the call to cli-main at once.
 */
export async function continueOnKeychain(socketThrew: boolean): Promise<void> {
  const request = hotRequest(argv);
  if (request) {
    // Armed by entry.ts already: this returns that deadline, phase and all.
    const deadline = armDeadline(hotDeadlineSeconds(argv) * 1000);
    let outcome: Outcome = {};
    if (!socketThrew) {
      try {
        deadline.phase = 'reading cached credentials from the keychain';
        const slot = cacheSlot(request);
        const output = slot ? await slot.read() : undefined;
        outcome = output !== undefined ? { output } : slot ? await serveUnderLock(request, slot, deadline) : {};
      } catch {
        // A keychain or lock problem: cli-main tries again and explains it properly — unless the deadline
        // passed while the keychain held the main thread.
        deadline.enforce();
        outcome = {};
      }
    }
    if (outcome.output !== undefined) {
      deadline.cancel();
      printAndExit(`${outcome.output}\n`);
      return;
    }
    if (outcome.code !== undefined) return finish(outcome.code);
    if (outcome.error !== undefined) {
      deadline.cancel();
      const { withRunnableCommand } = await import('./runnable-command.js');
      process.stderr.write(`cognito-broker: ${withRunnableCommand(outcome.error)}\n`);
      return finish(1);
    }
  }
  finish(await slowPath());
}

function finish(code: number): void {
  // The command is done: leave now rather than wait for idle keep-alive sockets of the SDK clients, but
  // only once what was written to stdout and stderr is out (pipes may be asynchronous on some systems).
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
