import type { Account } from '../accounts/account.js';
import type { Prompter } from '../auth/prompter.js';
import type { SignInTokens } from '../auth/tokens.js';
import type { IdTokenClaims } from '../auth/token-verifier.js';
import { decodeJwtPayload, verifyIdToken } from '../auth/token-verifier.js';
import { sessionInfo } from '../auth/session-info.js';
import type { SessionView } from '../../contract/session-state.js';
import { rm } from 'node:fs/promises';
import { BrokerError, isBrokerError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { withFileLock } from '../fs/file-lock.js';
import type { AccountSecretStore } from '../keychain/secret-store.js';
import { secretKeys } from '../keychain/secret-store.js';
import { clientSecretOf } from '../keychain/client-secret.js';
import type { AwsCredentials } from './aws-credentials.js';
import { credentialsRoleKey } from './cache-key.js';
import { isFresh, parseCachedCredentials, serializeCredentials } from './cached-credentials.js';
import { getCredentialsForIdentity, getIdentityId } from './identity-pool.js';
import type { RefreshFailure } from './refresh-lock.js';
import {
  commitLockPath,
  isRefreshLockHeld,
  refreshFailureSince,
  REFRESH_LOCK_POLL_MS,
  refreshFailurePath,
  refreshLockPath,
  sessionLockPath,
} from './refresh-lock.js';
import { resolveRole } from './roles.js';
import type { SessionAuth } from './session-auth.js';
import type { StoredSession } from './session-record.js';
import { DEFAULT_REFRESH_TOKEN_VALIDITY_MS, parseStoredIdentity, parseStoredSession } from './session-record.js';
import { clockView, sessionClockReading } from './session-clock.js';
import { remainingMs } from '../aws/server-clock.js';

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

export interface AccountStatus extends SessionView {
  signedIn: boolean;
  /** True when refreshTokenExpiresAt is an estimate (sign-in time + assumed validity). */
  refreshTokenExpiryEstimated: boolean;
}

/**
 * Tokens another process renewed while this one waited are reused only with at least this long left: they
 * need only outlive the identity-pool call, and the credentials they buy last an hour regardless.
 */
const REUSE_RENEWED_MIN_MS = 5 * 60_000;
/**
 * How long a role's refresh waits for another role's refresh of the same account before it serves itself from
 * the stored ID token (when that has a while left). A refresh at a healthy user pool takes well under a second.
 */
const SESSION_LOCK_PATIENCE_MS = 1_000;

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
  private readonly home: string;
  private readonly store: AccountSecretStore;
  private readonly auth: SessionAuth;
  private readonly env: NodeJS.ProcessEnv;
  private readonly refreshTokenValidityMs: number;
  private readonly lockTimeoutMs: number;
  private readonly now: () => number;
  private readonly phase: (phase: string) => void;

  constructor(options: CredentialBrokerOptions) {
    this.home = options.home;
    this.store = options.store;
    this.auth = options.auth;
    this.env = options.env ?? process.env;
    this.refreshTokenValidityMs = options.refreshTokenValidityMs ?? DEFAULT_REFRESH_TOKEN_VALIDITY_MS;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 15_000;
    this.now = options.now ?? Date.now;
    this.phase = options.onPhase ?? (() => undefined);
  }

  async login(account: Account, prompter: Prompter, options: LoginOptions = {}): Promise<LoginResult> {
    const clientSecret = await this.clientSecret(account);
    const username = options.username ?? account.username;
    const tokens = await this.auth.signIn(account, {
      prompter,
      env: this.env,
      ...(username === undefined ? {} : { username }),
      ...(clientSecret === undefined ? {} : { clientSecret }),
    });
    if (!tokens.refreshToken) {
      throw new BrokerError('auth-failed', `The user pool signed ${account.name} in without a refresh token.`, {
        hint: 'Check that the app client allows refresh tokens (ALLOW_REFRESH_TOKEN_AUTH).',
      });
    }
    const claims = await verifyIdToken(account, tokens.idToken, this.env);
    const role = resolveRole(claims, {
      ...(options.roleArn === undefined ? {} : { requested: options.roleArn }),
      ...(account.defaultRoleArn === undefined ? {} : { accountDefault: account.defaultRoleArn }),
    });

    const signedInAt = new Date(this.now()).toISOString();
    const refreshToken = tokens.refreshToken;
    // Under the commit lock, so a refresh of the previous session cannot write its tokens or credentials
    // after these (see commitForSignIn). A new sign-in may be another user: credentials cached for the
    // previous one must never be served.
    await this.underCommitLock(account, async () => {
      for (const key of await this.store.keysOf(account.name)) {
        if (key.startsWith(`${account.name}/credentials/`)) await this.store.delete(key);
      }
      await this.store.set(secretKeys.refreshToken(account.name), refreshToken);
      await this.saveSession(account, tokens, signedInAt, new Date(Date.parse(signedInAt) + this.refreshTokenValidityMs).toISOString(), false, {
        renewedAt: signedInAt,
      });
    });

    const credentials = await this.fetchCredentials(account, claims, tokens.idToken, role.roleArn, signedInAt);
    const cacheKey = secretKeys.credentials(account.name, credentialsRoleKey(options.roleArn, account.defaultRoleArn));
    await this.commitOrThrow(account, signedInAt, () => this.store.set(cacheKey, serializeCredentials(credentials))).catch((error: unknown) => {
      throw error instanceof SignInReplaced ? signInReplaced(account.name) : error;
    });
    return { session: (await this.status(account)) as SessionView, credentials };
  }

  /**
   * RevokeToken, then delete every keychain entry of the account — also when revoking failed. The deletion
   * happens under the commit lock: a refresh that began before it can store nothing after it
   * (commitForSignIn finds the sign-in gone).
   */
  async logout(account: Account): Promise<LogoutResult> {
    const refreshToken = await this.store.get(secretKeys.refreshToken(account.name));
    let revoked = false;
    let revokeError: BrokerError | undefined;
    if (refreshToken) {
      try {
        const clientSecret = await this.clientSecret(account);
        await this.auth.revokeRefreshToken(account, refreshToken, { env: this.env, ...(clientSecret === undefined ? {} : { clientSecret }) });
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
      for (const key of keys) if (await this.store.delete(key)) removedEntries++;
    });
    return { revoked, removedEntries, ...(revokeError === undefined ? {} : { revokeError }) };
  }

  async getCredentials(account: Account, request: CredentialRequest = {}): Promise<CredentialResult> {
    const startedAt = request.startedAt ?? this.now();
    const roleKey = credentialsRoleKey(request.roleArn, account.defaultRoleArn);
    const cacheKey = secretKeys.credentials(account.name, roleKey);
    this.phase('reading cached credentials from the keychain');
    const cached = parseCachedCredentials(await this.store.get(cacheKey));
    if (cached && isFresh(cached, this.now())) return { credentials: cached, source: 'cache' };

    // Refuse a role the stored (verified) token does not allow before any network call or lock.
    this.phase('reading the saved sign-in from the keychain');
    const stored = parseStoredSession(await this.store.get(secretKeys.session(account.name)));
    if (stored && request.roleArn !== undefined) resolveRole(decodeJwtPayload(stored.idToken) as IdTokenClaims, { requested: request.roleArn });

    const lockPath = refreshLockPath(this.home, account.name, roleKey);
    const underLock = async (): Promise<CredentialResult> => {
      this.phase('reading cached credentials from the keychain');
      const again = parseCachedCredentials(await this.store.get(cacheKey));
      if (again && isFresh(again, this.now())) return { credentials: again, source: 'cache' };
      const failure = refreshFailureSince(lockPath, startedAt);
      if (failure) throw new BrokerError(failure.code, failure.message, failure.hint === undefined ? {} : { hint: failure.hint });
      let credentials: AwsCredentials | undefined;
      try {
        // A sign-in that replaced the one this refresh used (a new sign-in meanwhile): refresh once more for it.
        for (let attempt = 0; credentials === undefined; attempt++) {
          try {
            const renewed = await this.refresh(account, request.roleArn, startedAt, attempt === 0 ? stored : undefined);
            this.phase('saving credentials in the keychain');
            await this.commitOrThrow(account, renewed.signedInAt, () => this.store.set(cacheKey, serializeCredentials(renewed.credentials)));
            credentials = renewed.credentials;
          } catch (error) {
            if (!(error instanceof SignInReplaced)) throw error;
            if (attempt > 0) throw signInReplaced(account.name);
          }
        }
      } catch (error) {
        if (isBrokerError(error)) await recordRefreshFailure(lockPath, error, this.now());
        throw error;
      }
      await rm(refreshFailurePath(lockPath), { force: true }).catch(() => undefined);
      return { credentials, source: 'refresh' };
    };
    if (isRefreshLockHeld(lockPath)) return underLock();
    this.phase('waiting for another cognito-broker process to renew the same credentials');
    return withFileLock(lockPath, underLock, { timeoutMs: this.lockTimeoutMs, maxPollMs: REFRESH_LOCK_POLL_MS });
  }

  /** Everything from the keychain, no network: what `status` and the window show. */
  async status(account: Account): Promise<AccountStatus> {
    const refreshToken = await this.store.get(secretKeys.refreshToken(account.name));
    const stored = parseStoredSession(await this.store.get(secretKeys.session(account.name)));
    const identity = parseStoredIdentity(await this.store.get(secretKeys.identityId(account.name)));
    if (!refreshToken || !stored) {
      return { state: 'needs-sign-in', signedIn: false, groups: [], roles: [], customAttributes: {}, refreshTokenExpiryEstimated: false };
    }
    const claims = decodeJwtPayload(stored.idToken) as IdTokenClaims;
    const info = sessionInfo(claims);
    const role = safeResolveRole(claims, account.defaultRoleArn);
    const cached = parseCachedCredentials(await this.store.get(secretKeys.credentials(account.name, credentialsRoleKey(undefined, account.defaultRoleArn))));
    const expired = Date.parse(stored.refreshTokenExpiresAt) <= this.now();
    return {
      state: expired ? 'expired' : 'signed-in',
      signedIn: !expired,
      username: info.username,
      ...(info.email === undefined ? {} : { email: info.email }),
      ...(identity && identity.sub === info.sub ? { identityId: identity.identityId } : {}),
      groups: info.groups,
      roles: info.roles,
      customAttributes: info.customAttributes,
      ...(role.roleArn === undefined ? {} : { activeRoleArn: role.roleArn }),
      activeRoleReason: role.reason,
      ...(cached ? { credentialsExpireAt: cached.expiration } : {}),
      refreshTokenExpiresAt: stored.refreshTokenExpiresAt,
      refreshTokenExpiryEstimated: !stored.refreshTokenExpiryKnown,
      ...clockView(stored),
    };
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
    const { claims, idToken, signedInAt } = await this.renewedSession(account, startedAt, seen);
    const role = resolveRole(claims, {
      ...(requestedRoleArn === undefined ? {} : { requested: requestedRoleArn }),
      ...(account.defaultRoleArn === undefined ? {} : { accountDefault: account.defaultRoleArn }),
    });
    return { credentials: await this.fetchCredentials(account, claims, idToken, role.roleArn, signedInAt), signedInAt };
  }

  /**
   * Stores what a refresh or a sign-in produced only while the sign-in it came from is still the saved one,
   * under the account's commit lock (which sign-in and sign-out also hold while they write): a sign-out or a
   * new sign-in that happened meanwhile wins, and nothing of the older session is written after it. A
   * sign-in is told apart by `signedInAt` (a new sign-in always writes a new one; a refresh keeps it). The
   * commit lock is held only for these few keychain writes, never across a network call, so a hung refresh
   * of one role (which holds the session lock) does not hold up another role, a sign-in or a sign-out.
   */
  private async commitForSignIn(account: Account, signedInAt: string, write: () => Promise<void>): Promise<'committed' | 'signed-out' | 'changed'> {
    return this.underCommitLock(account, async () => {
      const current = parseStoredSession(await this.store.get(secretKeys.session(account.name)));
      if (!current) return 'signed-out';
      if (current.signedInAt !== signedInAt) return 'changed';
      await write();
      return 'committed';
    });
  }

  /** commitForSignIn for writes that must not happen at all otherwise: a sign-out or a newer sign-in throws. */
  private async commitOrThrow(account: Account, signedInAt: string, write: () => Promise<void>): Promise<void> {
    const outcome = await this.commitForSignIn(account, signedInAt, write);
    if (outcome === 'signed-out') throw signedOutMeanwhile(account.name);
    if (outcome === 'changed') throw new SignInReplaced();
  }

  private underCommitLock<T>(account: Account, fn: () => Promise<T>): Promise<T> {
    return withFileLock(commitLockPath(this.home, account.name), fn, { timeoutMs: this.lockTimeoutMs, maxPollMs: REFRESH_LOCK_POLL_MS });
  }

  /**
   * Under the account's session lock (refresh-lock.ts): read the refresh token, refresh at the user pool, store
   * what it returned. A new refresh token (rotation) is stored first, before the ID token is verified or any
   * credentials are handed out: the old one stops working after the app client's grace period, so a failure
   * or a kill after this point must not lose it. A process that waited for the lock re-reads the session and
   * reuses tokens another process renewed after this request began (or since `seen`, the session this request
   * first read), instead of spending the refresh token again.
   */
  private async renewedSession(account: Account, startedAt: number, seen: StoredSession | undefined): Promise<RenewedSession> {
    const underLock = async (): Promise<RenewedSession> => {
      this.phase('reading the saved sign-in from the keychain');
      const refreshToken = await this.store.get(secretKeys.refreshToken(account.name));
      const stored = parseStoredSession(await this.store.get(secretKeys.session(account.name)));
      if (!refreshToken || !stored) {
        throw new BrokerError('not-signed-in', `Account ${account.name} is not signed in.`, {
          hint: `Run \`cognito-broker login ${account.name}\` or sign in from the Cognito Broker app.`,
        });
      }
      const reused = this.renewedMeanwhile(stored, startedAt, seen);
      if (reused) return { ...reused, signedInAt: stored.signedInAt };
      const clientSecret = await this.clientSecret(account);
      this.phase('renewing the sign-in at the user pool');
      const tokens = await this.auth.refreshSession(account, refreshToken, {
        env: this.env,
        username: stored.username,
        ...(clientSecret === undefined ? {} : { clientSecret }),
        ...(stored.deviceKey === undefined ? {} : { deviceKey: stored.deviceKey }),
      });
      this.phase('saving the renewed sign-in in the keychain');
      const rotated = tokens.refreshToken;
      if (rotated) await this.commitOrThrow(account, stored.signedInAt, () => this.store.set(secretKeys.refreshToken(account.name), rotated));
      const claims = await verifyIdToken(account, tokens.idToken, this.env);
      await this.commitOrThrow(account, stored.signedInAt, () =>
        this.saveSession(
          account,
          { ...tokens, username: tokens.username || stored.username },
          stored.signedInAt,
          stored.refreshTokenExpiresAt,
          stored.refreshTokenExpiryKnown,
          {
            renewedAt: new Date(this.now()).toISOString(),
            ...(stored.deviceKey === undefined ? {} : { deviceKey: stored.deviceKey }),
          },
        ),
      );
      return { claims, idToken: tokens.idToken, signedInAt: stored.signedInAt };
    };
    const lockPath = sessionLockPath(this.home, account.name);
    this.phase('waiting for another cognito-broker process to renew the sign-in of the same account');
    const patience = Math.min(SESSION_LOCK_PATIENCE_MS, this.lockTimeoutMs);
    try {
      return await withFileLock(lockPath, underLock, { timeoutMs: patience, maxPollMs: REFRESH_LOCK_POLL_MS });
    } catch (error) {
      if (!isBrokerError(error) || error.code !== 'lock-timeout') throw error;
    }
    // Another role's refresh is slow (a hung user pool): this role need not wait for it while the stored ID
    // token still has a while left, since using it spends no refresh token. Otherwise keep waiting.
    const stored = parseStoredSession(await this.store.get(secretKeys.session(account.name)));
    const usable = stored && this.stillUsable(stored.idToken, stored.clockOffsetMs);
    if (stored && usable) return { claims: usable, idToken: stored.idToken, signedInAt: stored.signedInAt };
    return withFileLock(lockPath, underLock, { timeoutMs: Math.max(0, this.lockTimeoutMs - patience), maxPollMs: REFRESH_LOCK_POLL_MS });
  }

  /** The stored tokens, when another process renewed them while this request waited and they have a while left. */
  private renewedMeanwhile(stored: StoredSession, startedAt: number, seen: StoredSession | undefined): { claims: IdTokenClaims; idToken: string } | undefined {
    const renewedAt = stored.renewedAt === undefined ? Number.NaN : Date.parse(stored.renewedAt);
    const changed = seen !== undefined && seen.idToken !== stored.idToken;
    if (!(renewedAt > startedAt) && !changed) return undefined;
    const claims = this.stillUsable(stored.idToken, stored.clockOffsetMs);
    return claims ? { claims, idToken: stored.idToken } : undefined;
  }

  /**
   * A stored ID token's claims when it has a while left (it was verified before it was stored). `exp` is
   * AWS's time: judged by AWS's clock, with the offset saved with the session (server-clock.ts).
   */
  private stillUsable(idToken: string, clockOffsetMs: number | undefined): IdTokenClaims | undefined {
    const claims = decodeJwtPayload(idToken) as IdTokenClaims;
    return typeof claims.exp === 'number' && remainingMs(claims.exp * 1000, clockOffsetMs, this.now()) >= REUSE_RENEWED_MIN_MS ? claims : undefined;
  }

  /**
   * GetId only when this user has no cached IdentityId, then GetCredentialsForIdentity — or, for an account
   * that opted in to longer sessions (`basicFlow`), GetOpenIdToken + STS AssumeRoleWithWebIdentity with its
   * duration. In the basic flow the pool does not pick the role, so the broker's choice (requested, the
   * account's default, or the token's preferred role) is the one assumed.
   */
  private async fetchCredentials(
    account: Account,
    claims: IdTokenClaims,
    idToken: string,
    roleArn: string | undefined,
    signedInAt: string,
  ): Promise<AwsCredentials> {
    const key = secretKeys.identityId(account.name);
    let identity = parseStoredIdentity(await this.store.get(key));
    if (!identity || identity.sub !== claims.sub) {
      const fetched = { sub: claims.sub, identityId: await getIdentityId(account, idToken, { env: this.env }) };
      identity = fetched;
      await this.commitOrThrow(account, signedInAt, () => this.store.set(key, JSON.stringify(fetched)));
    }
    this.phase('getting credentials from the identity pool');
    if (account.basicFlow) {
      if (roleArn === undefined) {
        throw new BrokerError('role-not-allowed', `Longer sessions for ${account.name} need a role from your groups, and your sign-in carries none.`, {
          hint: 'Ask the administrator to give one of your groups a role, or remove the session duration from the account to use one-hour credentials.',
        });
      }
      // Loaded only for accounts that use it: the STS client is not needed by any other sign-in or refresh.
      const { basicFlowCredentials } = await import('./basic-flow.js');
      return basicFlowCredentials(
        account,
        { identityId: identity.identityId, idToken, roleArn, durationSeconds: account.basicFlow.durationSeconds },
        { env: this.env },
      );
    }
    const credentials = await getCredentialsForIdentity(account, identity.identityId, idToken, roleArn, { env: this.env });
    return { ...credentials, roleArn: roleArn ?? credentials.roleArn };
  }

  private async saveSession(
    account: Account,
    tokens: SignInTokens,
    signedInAt: string,
    refreshTokenExpiresAt: string,
    known: boolean,
    extra: Pick<StoredSession, 'renewedAt' | 'deviceKey'> = {},
  ): Promise<void> {
    const session: StoredSession = {
      idToken: tokens.idToken,
      accessToken: tokens.accessToken,
      username: tokens.username,
      signedInAt,
      refreshTokenExpiresAt,
      refreshTokenExpiryKnown: known,
      ...sessionClockReading(this.now()),
      ...extra,
    };
    await this.store.set(secretKeys.session(account.name), JSON.stringify(session));
  }

  private clientSecret(account: Account): Promise<string | undefined> {
    return clientSecretOf(account, this.store);
  }
}

interface RenewedSession {
  claims: IdTokenClaims;
  idToken: string;
  /** Which sign-in the tokens belong to (StoredSession.signedInAt). */
  signedInAt: string;
}

/** A newer sign-in replaced the one a refresh was renewing: its results are dropped (and the refresh may run again). */
class SignInReplaced extends Error {}

function signInReplaced(account: string): BrokerError {
  return new BrokerError('session-expired', `${account} was signed in again while its credentials were being fetched, so the older ones were not kept.`, {
    hint: 'Try again.',
  });
}

function signedOutMeanwhile(account: string): BrokerError {
  return new BrokerError('not-signed-in', `${account} was signed out while its credentials were being fetched, so none were kept.`, {
    hint: `Run \`cognito-broker login ${account}\` to sign in again.`,
  });
}

async function recordRefreshFailure(lockPath: string, error: BrokerError, now: number): Promise<void> {
  const failure: RefreshFailure = { at: now, code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  // noFollow: a link planted at the marker's name is replaced, never written through to its target.
  await writeFileAtomic(refreshFailurePath(lockPath), JSON.stringify(failure), { mode: 0o600, noFollow: true }).catch(() => undefined);
}

function safeResolveRole(claims: IdTokenClaims, accountDefault: string | undefined): { roleArn?: string; reason: string } {
  try {
    return resolveRole(claims, accountDefault === undefined ? {} : { accountDefault });
  } catch (error) {
    return { reason: isBrokerError(error) ? error.message : 'unknown' };
  }
}
