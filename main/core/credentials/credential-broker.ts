import type { Account } from '../accounts/account.js';
import type { Prompter } from '../auth/prompter.js';
import type { IdTokenClaims } from '../auth/token-verifier.js';
import { decodeJwtPayload, verifyIdToken } from '../auth/token-verifier.js';
import type { SessionView } from '../../contract/session-state.js';
import { rm } from 'node:fs/promises';
import { BrokerError, isBrokerError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { withFileLock } from '../fs/file-lock.js';
import type { AccountSecretStore } from '../keychain/secret-store.js';
import { secretKeys } from '../keychain/secret-store.js';
import { clientSecretOf } from '../keychain/client-secret.js';
import { readAccountStatus, type AccountStatus } from './account-status.js';
import type { AwsCredentials } from './aws-credentials.js';
import { saveSession, type BrokerParts } from './broker-parts.js';
import { credentialsRoleKey } from './cache-key.js';
import { isFresh, parseCachedCredentials, serializeCredentials } from './cached-credentials.js';
import type { RefreshFailure } from './refresh-lock.js';
import { isRefreshLockHeld, refreshFailureSince, REFRESH_LOCK_POLL_MS, refreshFailurePath, refreshLockPath } from './refresh-lock.js';
import { fetchRoleCredentials } from './role-credentials.js';
import { resolveRole } from './roles.js';
import type { SessionAuth } from './session-auth.js';
import { SessionCommits, SignInReplaced, signInReplaced } from './session-commit.js';
import type { StoredSession } from './session-record.js';
import { DEFAULT_REFRESH_TOKEN_VALIDITY_MS, parseStoredSession } from './session-record.js';
import { renewedSession } from './session-renewer.js';
import { isDeviceKey, keychainDevices } from '../auth/devices/device-store.js';
import { forgetThisComputer, type ForgetOutcome } from './forget-this-computer.js';
import type { FirstFactor } from '../../contract/sign-in-method.js';

export type { AccountStatus } from './account-status.js';

export interface CredentialBrokerOptions {
  home: string;
  store: AccountSecretStore;
  auth: SessionAuth;
  env?: NodeJS.ProcessEnv;
  /** Assumed refresh-token lifetime when the pool's is not known. Default: Cognito's 30 days. */
  refreshTokenValidityMs?: number;
  /** Longest wait for another process refreshing the same (account, role). Default 15 s. */
  lockTimeoutMs?: number;
  now?: () => number;
  /**
   * What getCredentials is doing now ("reading the keychain", "renewing the sign-in at the user pool"…),
   * so a CLI deadline can say where the time went.
   */
  onPhase?: (phase: string) => void;
}

export interface LoginOptions {
  username?: string;
  /** A choice-based (USER_AUTH) account's first factor for this sign-in (`login --method`). */
  method?: FirstFactor;
  /** Also fetch credentials for this role instead of the default. */
  roleArn?: string;
}

export interface LoginResult {
  session: SessionView;
  credentials: AwsCredentials;
}

export interface LogoutResult {
  /** False when there was no refresh token to revoke, or revoking it failed (see `revokeError`). */
  revoked: boolean;
  revokeError?: BrokerError;
  removedEntries: number;
  /** With `forgetDevice`: what forgetting this computer did. */
  device?: ForgetOutcome;
}

export interface CredentialRequest {
  /** `--role`: must be one of the token's roles (checked before any network call). */
  roleArn?: string;
  /**
   * When the caller began asking (ms since the epoch; default: now). A refresh that failed after this, while
   * the caller waited for the lock, is reported to it instead of being tried again.
   */
  startedAt?: number;
}

export interface CredentialResult {
  credentials: AwsCredentials;
  source: 'cache' | 'refresh';
}

/**
 * Sign-in, sign-out, status and credentials for accounts, with every secret in the keychain.
 *
 * getCredentials: cached credentials with at least 15 minutes left are returned as they are; otherwise one
 * refresh at the user pool (GetTokensFromRefreshToken, see main/core/auth/refresh-session.ts) and one
 * GetCredentialsForIdentity (GetId only when no IdentityId is cached for this user) under a cross-process lock
 * per (account, role), re-reading the cache once the lock is held so a burst of processes refreshes exactly
 * once; the refresh itself also holds the account's session lock, so roles of one account never spend the
 * same (rotating) refresh token twice. It never prompts: a dead refresh token is
 * BrokerError('session-expired') for the caller to hand off or report.
 */
export class CredentialBroker {
  private readonly parts: BrokerParts;
  private readonly store: AccountSecretStore;
  private readonly refreshTokenValidityMs: number;

  constructor(options: CredentialBrokerOptions) {
    const lockTimeoutMs = options.lockTimeoutMs ?? 15_000;
    this.store = options.store;
    this.refreshTokenValidityMs = options.refreshTokenValidityMs ?? DEFAULT_REFRESH_TOKEN_VALIDITY_MS;
    this.parts = {
      home: options.home,
      store: options.store,
      auth: options.auth,
      env: options.env ?? process.env,
      lockTimeoutMs,
      now: options.now ?? Date.now,
      phase: options.onPhase ?? (() => undefined),
      commits: new SessionCommits(options.home, options.store, lockTimeoutMs),
    };
  }

  async login(account: Account, prompter: Prompter, options: LoginOptions = {}): Promise<LoginResult> {
    const clientSecret = await this.clientSecret(account);
    const username = options.username ?? account.username;
    const tokens = await this.parts.auth.signIn(account, {
      prompter,
      env: this.parts.env,
      devices: keychainDevices(this.store, account.name),
      ...(username === undefined ? {} : { username }),
      ...(clientSecret === undefined ? {} : { clientSecret }),
      ...(options.method === undefined ? {} : { method: options.method }),
    });
    if (!tokens.refreshToken) {
      throw new BrokerError('auth-failed', `The user pool signed ${account.name} in without a refresh token.`, {
        hint: 'Check that the app client allows refresh tokens (ALLOW_REFRESH_TOKEN_AUTH).',
      });
    }
    const claims = await verifyIdToken(account, tokens.idToken, this.parts.env);
    const role = resolveRole(claims, {
      ...(options.roleArn === undefined ? {} : { requested: options.roleArn }),
      ...(account.defaultRoleArn === undefined ? {} : { accountDefault: account.defaultRoleArn }),
    });

    const signedInAt = new Date(this.parts.now()).toISOString();
    const refreshToken = tokens.refreshToken;
    // Under the commit lock, so a refresh of the previous session cannot write its tokens or credentials
    // after these (see SessionCommits in session-commit.ts). A new sign-in may be another user: credentials cached for the
    // previous one must never be served.
    await this.underCommitLock(account, async () => {
      for (const key of await this.store.keysOf(account.name)) {
        if (key.startsWith(`${account.name}/credentials/`)) await this.store.delete(key);
      }
      await this.store.set(secretKeys.refreshToken(account.name), refreshToken);
      await saveSession(this.parts, account, tokens, signedInAt, new Date(Date.parse(signedInAt) + this.refreshTokenValidityMs).toISOString(), false, {
        renewedAt: signedInAt,
        ...(tokens.deviceKey === undefined ? {} : { deviceKey: tokens.deviceKey }),
      });
    });

    const credentials = await this.fetchCredentials(account, claims, tokens.idToken, role.roleArn, signedInAt);
    const cacheKey = secretKeys.credentials(account.name, credentialsRoleKey(options.roleArn, account.defaultRoleArn));
    await this.commitOrThrow(account, signedInAt, () => this.store.set(cacheKey, serializeCredentials(credentials))).catch((error: unknown) => {
      throw error instanceof SignInReplaced ? signInReplaced(account.name) : error;
    });
    return { session: await this.status(account), credentials };
  }

  /**
   * RevokeToken, then delete every keychain entry of the account — also when revoking failed. The deletion
   * happens under the commit lock: a refresh that began before it can store nothing after it
   * (SessionCommits.commitForSignIn finds the sign-in gone).
   *
   * The remembered device stays (its record is about this computer, not the session): the next sign-in here
   * still skips MFA where the pool allows. `forgetDevice` forgets it first, at the pool too, while the access
   * token still works (forget-this-computer.ts); removing the account deletes its record with everything else.
   */
  async logout(account: Account, options: { forgetDevice?: boolean } = {}): Promise<LogoutResult> {
    const forgotten = options.forgetDevice ? await forgetThisComputer(this.parts, account) : undefined;
    const refreshToken = await this.store.get(secretKeys.refreshToken(account.name));
    let revoked = false;
    let revokeError: BrokerError | undefined;
    if (refreshToken) {
      try {
        const clientSecret = await this.clientSecret(account);
        await this.parts.auth.revokeRefreshToken(account, refreshToken, { env: this.parts.env, ...(clientSecret === undefined ? {} : { clientSecret }) });
        revoked = true;
      } catch (error) {
        revokeError = isBrokerError(error)
          ? error
          : new BrokerError('network', `Could not revoke the sign-in of ${account.name} at the user pool.`, { cause: error });
      }
    }
    let removedEntries = 0;
    await this.underCommitLock(account, async () => {
      // The client secret belongs to the account definition, not to the sign-in: it stays until the account is removed.
      const keys = new Set([
        secretKeys.refreshToken(account.name),
        secretKeys.session(account.name),
        secretKeys.identityId(account.name),
        ...(await this.store.keysOf(account.name)),
      ]);
      keys.delete(secretKeys.clientSecret(account.name));
      for (const key of keys) if (!isDeviceKey(account.name, key) && (await this.store.delete(key))) removedEntries++;
    });
    return { revoked, removedEntries, ...(revokeError === undefined ? {} : { revokeError }), ...(forgotten === undefined ? {} : { device: forgotten }) };
  }

  async getCredentials(account: Account, request: CredentialRequest = {}): Promise<CredentialResult> {
    const startedAt = request.startedAt ?? this.parts.now();
    const roleKey = credentialsRoleKey(request.roleArn, account.defaultRoleArn);
    const cacheKey = secretKeys.credentials(account.name, roleKey);
    this.parts.phase('reading cached credentials from the keychain');
    const cached = parseCachedCredentials(await this.store.get(cacheKey));
    if (cached && isFresh(cached, this.parts.now())) return { credentials: cached, source: 'cache' };

    // Refuse a role the stored (verified) token does not allow before any network call or lock.
    this.parts.phase('reading the saved sign-in from the keychain');
    const stored = parseStoredSession(await this.store.get(secretKeys.session(account.name)));
    if (stored && request.roleArn !== undefined) resolveRole(decodeJwtPayload(stored.idToken), { requested: request.roleArn });

    const lockPath = refreshLockPath(this.parts.home, account.name, roleKey);
    const underLock = async (): Promise<CredentialResult> => {
      this.parts.phase('reading cached credentials from the keychain');
      const again = parseCachedCredentials(await this.store.get(cacheKey));
      if (again && isFresh(again, this.parts.now())) return { credentials: again, source: 'cache' };
      const failure = refreshFailureSince(lockPath, startedAt);
      if (failure) throw new BrokerError(failure.code, failure.message, failure.hint === undefined ? {} : { hint: failure.hint });
      let credentials: AwsCredentials | undefined;
      try {
        // A sign-in that replaced the one this refresh used (a new sign-in meanwhile): refresh once more for it.
        for (let attempt = 0; credentials === undefined; attempt++) {
          try {
            const renewed = await this.refresh(account, request.roleArn, startedAt, attempt === 0 ? stored : undefined);
            this.parts.phase('saving credentials in the keychain');
            await this.commitOrThrow(account, renewed.signedInAt, () => this.store.set(cacheKey, serializeCredentials(renewed.credentials)));
            credentials = renewed.credentials;
          } catch (error) {
            if (!(error instanceof SignInReplaced)) throw error;
            if (attempt > 0) throw signInReplaced(account.name);
          }
        }
      } catch (error) {
        if (isBrokerError(error)) await recordRefreshFailure(lockPath, error, this.parts.now());
        throw error;
      }
      await rm(refreshFailurePath(lockPath), { force: true }).catch(() => undefined);
      return { credentials, source: 'refresh' };
    };
    if (isRefreshLockHeld(lockPath)) return underLock();
    this.parts.phase('waiting for another cognito-broker process to renew the same credentials');
    return withFileLock(lockPath, underLock, { timeoutMs: this.parts.lockTimeoutMs, maxPollMs: REFRESH_LOCK_POLL_MS });
  }

  /** Everything from the keychain, no network: what `status` and the window show. */
  status(account: Account): Promise<AccountStatus> {
    return readAccountStatus(this.store, account, this.parts.now());
  }

  /**
   * A role's refresh: the account's renewed ID token (renewedSession), then that role's credentials. Only the
   * user-pool part runs under the account's session lock; the identity pool call does not hold up other roles.
   */
  private async refresh(
    account: Account,
    requestedRoleArn: string | undefined,
    startedAt: number,
    seen: StoredSession | undefined,
  ): Promise<{ credentials: AwsCredentials; signedInAt: string }> {
    const { claims, idToken, signedInAt } = await renewedSession(this.parts, account, startedAt, seen);
    const role = resolveRole(claims, {
      ...(requestedRoleArn === undefined ? {} : { requested: requestedRoleArn }),
      ...(account.defaultRoleArn === undefined ? {} : { accountDefault: account.defaultRoleArn }),
    });
    return { credentials: await this.fetchCredentials(account, claims, idToken, role.roleArn, signedInAt), signedInAt };
  }

  private commitOrThrow(account: Account, signedInAt: string, write: () => Promise<void>): Promise<void> {
    return this.parts.commits.commitOrThrow(account, signedInAt, write);
  }

  private underCommitLock<T>(account: Account, fn: () => Promise<T>): Promise<T> {
    return this.parts.commits.under(account, fn);
  }

  private fetchCredentials(account: Account, claims: IdTokenClaims, idToken: string, roleArn: string | undefined, signedInAt: string): Promise<AwsCredentials> {
    return fetchRoleCredentials(this.parts, account, claims, idToken, roleArn, signedInAt);
  }

  private clientSecret(account: Account): Promise<string | undefined> {
    return clientSecretOf(account, this.store);
  }
}

async function recordRefreshFailure(lockPath: string, error: BrokerError, now: number): Promise<void> {
  const failure: RefreshFailure = { at: now, code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  // noFollow: a link planted at the marker's name is replaced, never written through to its target.
  await writeFileAtomic(refreshFailurePath(lockPath), JSON.stringify(failure), { mode: 0o600, noFollow: true }).catch(() => undefined);
}
