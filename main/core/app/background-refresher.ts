import { REFRESH_WINDOW_MS } from '../credentials/aws-credentials.js';
import { isBrokerError } from '../errors.js';

/**
 * Keeps every signed-in account's credentials fresh while the app runs, so `aws` commands always find a
 * cached set with more than botocore's 15-minute window left and never wait for a refresh.
 *
 * Each account is refreshed the moment its cached credentials stop being fresh (less than the 15-minute
 * window left), plus a second so the broker's own freshness check agrees: until then the broker would
 * just hand back the cache, and from then on an `aws` command that arrives finds fresh credentials
 * waiting instead of refreshing itself. A failure is retried with exponential backoff
 * (capped); a dead session (refresh token expired or revoked) is not retried until the account is signed in
 * again. After sleep/resume or when the network comes back the Electron adapter calls `wake()`, which drops
 * the backoff and re-checks at once: the failure was most likely the network that was missing.
 *
 * Time is injected (clock + timers), so tests drive it as data without waiting.
 */
export interface RefresherClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SignedInAccount {
  account: string;
  /**
   * Epoch ms, on THIS machine's clock, when the cached credentials of the account's default profile expire;
   * undefined = unknown/none. The caller converts AWS's Expiration with the learned clock offset
   * (server-clock.ts toLocalTime), so "15 minutes before" here is the broker's own 15-minute rule, judged by
   * AWS's clock, even when this clock is off.
   */
  credentialsExpireAt?: number;
}

export type RefreshEvent =
  | { kind: 'refreshed'; account: string; credentialsExpireAt: number }
  | { kind: 'failed'; account: string; code: string; message: string; attempt: number; retryAt?: number; since: number }
  | { kind: 'recovered'; account: string };

export interface RefresherDeps {
  listSignedIn(): Promise<SignedInAccount[]>;
  /** Refresh the account's credentials now; resolves with their new expiry (epoch ms, this machine's clock, as above). */
  refresh(account: string): Promise<number>;
  onEvent(event: RefreshEvent): void;
  clock?: RefresherClock;
  /** Refresh this long after the cache stops being fresh (default 1 s, so the broker really refreshes). */
  settleMs?: number;
  /** First retry delay (default 30 s), doubled per failure up to `maxBackoffMs` (default 15 min). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Re-read the signed-in list at least this often, to pick up sign-ins from the CLI (default 5 min). */
  recheckMs?: number;
}

/** Failures that more retries cannot fix: the person has to sign in. */
const TERMINAL = new Set(['session-expired', 'not-signed-in', 'account-not-found', 'auth-failed', 'token-invalid']);

interface FailureState {
  attempt: number;
  since: number;
  retryAt: number;
}

export const systemClock: RefresherClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // The refresher must never keep a process alive on its own.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class BackgroundRefresher {
  private readonly clock: RefresherClock;
  private readonly settleMs: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly recheckMs: number;
  private readonly failures = new Map<string, FailureState>();
  private timer: unknown;
  private running = false;
  private ticking: Promise<void> | null = null;
  private again = false;
  /** When the next tick is scheduled (epoch ms), for tests and diagnostics. */
  nextTickAt: number | undefined;

  constructor(private readonly deps: RefresherDeps) {
    this.clock = deps.clock ?? systemClock;
    this.settleMs = deps.settleMs ?? 1000;
    this.baseBackoffMs = deps.baseBackoffMs ?? 30_000;
    this.maxBackoffMs = deps.maxBackoffMs ?? 15 * 60_000;
    this.recheckMs = deps.recheckMs ?? 5 * 60_000;
  }

  start(): Promise<void> {
    this.running = true;
    return this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.nextTickAt = undefined;
  }

  /**
   * Resume from sleep or network back: retry failing accounts now with the backoff started over. The run of
   * failures keeps its start (`since`), so a notification about it is not repeated; dead sessions stay
   * parked until `reset()`.
   */
  wake(): Promise<void> {
    for (const f of this.failures.values()) {
      if (Number.isFinite(f.retryAt)) {
        f.retryAt = 0;
        f.attempt = 0;
      }
    }
    return this.tick();
  }

  /** A person signed in (or out) of this account: its old failure no longer applies. */
  reset(account: string): void {
    this.failures.delete(account);
  }

  /** Accounts failing right now, with when the run of failures began. */
  failing(): { account: string; since: number }[] {
    return [...this.failures.entries()].map(([account, f]) => ({ account, since: f.since }));
  }

  /** Runs one pass; concurrent requests coalesce into one more pass after the current one. */
  tick(): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    this.ticking = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again && this.running);
      } finally {
        this.ticking = null;
      }
    })();
    return this.ticking;
  }

  private dueAt(entry: SignedInAccount): number {
    const failure = this.failures.get(entry.account);
    if (failure) return failure.retryAt;
    if (entry.credentialsExpireAt === undefined) return 0;
    return entry.credentialsExpireAt - REFRESH_WINDOW_MS + this.settleMs;
  }

  private async pass(): Promise<void> {
    let accounts: SignedInAccount[];
    try {
      accounts = await this.deps.listSignedIn();
    } catch {
      // The list comes from the keychain; if it is briefly unavailable, look again later.
      this.schedule(this.clock.now() + this.baseBackoffMs);
      return;
    }
    const present = new Set(accounts.map((a) => a.account));
    for (const name of this.failures.keys()) if (!present.has(name)) this.failures.delete(name);

    let next = this.clock.now() + this.recheckMs;
    for (const entry of accounts) {
      if (!this.running) return;
      let due = this.dueAt(entry);
      if (due <= this.clock.now()) due = await this.refreshOne(entry.account);
      if (due < next) next = due;
    }
    this.schedule(next);
  }

  /** Refreshes one account; returns when it is next due. */
  private async refreshOne(account: string): Promise<number> {
    const before = this.failures.get(account);
    try {
      const expiresAt = await this.deps.refresh(account);
      this.failures.delete(account);
      if (before) this.deps.onEvent({ kind: 'recovered', account });
      this.deps.onEvent({ kind: 'refreshed', account, credentialsExpireAt: expiresAt });
      return expiresAt - REFRESH_WINDOW_MS + this.settleMs;
    } catch (err) {
      const now = this.clock.now();
      const attempt = (before?.attempt ?? 0) + 1;
      const code = isBrokerError(err) ? err.code : 'internal';
      // Only a BrokerError's message is written to be shown; anything else might carry secrets.
      const message = isBrokerError(err) ? err.message : 'An unexpected error stopped the refresh.';
      const terminal = TERMINAL.has(code);
      const retryAt = terminal ? Number.POSITIVE_INFINITY : now + Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (attempt - 1));
      const since = before?.since ?? now;
      this.failures.set(account, { attempt, since, retryAt });
      this.deps.onEvent(
        terminal ? { kind: 'failed', account, code, message, attempt, since } : { kind: 'failed', account, code, message, attempt, retryAt, since },
      );
      return retryAt;
    }
  }

  private schedule(at: number): void {
    if (!this.running) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    // Never spin: at least one second between passes, whatever the data says.
    const delay = Math.max(1000, Math.min(at, this.clock.now() + this.recheckMs) - this.clock.now());
    this.nextTickAt = this.clock.now() + delay;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, delay);
  }
}
