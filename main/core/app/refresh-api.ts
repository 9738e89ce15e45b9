import * as accountStore from '../accounts/account-store.js';
import { listProfileViews } from '../aws-config/profile-views.js';
import { toLocalTime } from '../aws/server-clock.js';
import type { AwsCredentials } from '../credentials/aws-credentials.js';
import { isBrokerError } from '../errors.js';
import type { AppContext } from './app-context.js';
import type { SignedInAccount } from './background-refresher.js';

/**
 * What the background refresher asks of the service (not part of AppApi: the window never calls it): which
 * accounts are signed in and when their credentials expire, and renewing an account's credentials, for its
 * default role and for every other role a profile of it uses.
 */
export interface RefreshApi {
  listSignedIn(): Promise<SignedInAccount[]>;
  /** Fresh credentials for the account's default role; resolves with their expiry (epoch ms). */
  refreshAccount(name: string): Promise<number>;
  /**
   * What a credential-process asking the running app (credential socket) gets: the broker's getCredentials
   * for the account as the accounts file has it now — cache, 15-minute rule, one refresh under the (account,
   * role) lock every process shares. A renewal is logged as the refresher's are; a failure is not: the
   * credential-process then takes its own path, which logs it.
   */
  credentialsFor(name: string, roleArn?: string): Promise<AwsCredentials>;
}

export function createRefreshApi(ctx: AppContext): RefreshApi {
  const { home, broker } = ctx;

  return {
    async listSignedIn() {
      const out: SignedInAccount[] = [];
      for (const account of await accountStore.loadAccounts(home)) {
        const status = await broker.status(account);
        if (status.state !== 'signed-in') continue;
        // The refresher's timers run on this machine's clock; Expiration is AWS's time (server-clock.ts).
        const expires = status.credentialsExpireAt ? toLocalTime(Date.parse(status.credentialsExpireAt), status.clock?.offsetMs) : NaN;
        out.push(Number.isFinite(expires) ? { account: account.name, credentialsExpireAt: expires } : { account: account.name });
      }
      return out;
    },

    async refreshAccount(name: string) {
      const account = await accountStore.getAccount(home, name);
      let expiresAt: number;
      try {
        const { credentials, source } = await broker.getCredentials(account);
        if (source === 'refresh') {
          await ctx.record({ kind: 'refresh', account: name, message: `Renewed the AWS credentials of ${name}.` });
          ctx.changed('credentials renewed');
        }
        expiresAt = toLocalTime(Date.parse(credentials.expiration), credentials.clockOffsetMs);
      } catch (err) {
        const message = isBrokerError(err) ? err.message : 'An unexpected error stopped the refresh.';
        await ctx.record({ kind: 'refresh-failed', account: name, message: `Renewing the AWS credentials of ${name} failed: ${message}` });
        throw err;
      }
      // Profiles for other roles of this account have their own cached credentials: keep those fresh too.
      // One failing role (the person left the group that granted it) is logged, not fatal for the account.
      const roles = new Set(
        (await listProfileViews(ctx.location())).filter((p) => p.account === name && p.roleArn && p.roleArn !== account.defaultRoleArn).map((p) => p.roleArn!),
      );
      for (const roleArn of roles) {
        try {
          const { credentials, source } = await broker.getCredentials(account, { roleArn });
          if (source === 'refresh')
            await ctx.record({ kind: 'refresh', account: name, message: `Renewed the AWS credentials of ${name} for role ${roleArn}.` });
          expiresAt = Math.min(expiresAt, toLocalTime(Date.parse(credentials.expiration), credentials.clockOffsetMs));
        } catch (err) {
          const message = isBrokerError(err) ? err.message : 'An unexpected error stopped the refresh.';
          await ctx.record({
            kind: 'refresh-failed',
            account: name,
            message: `Renewing the AWS credentials of ${name} for role ${roleArn} failed: ${message}`,
          });
        }
      }
      return expiresAt;
    },

    async credentialsFor(name: string, roleArn?: string) {
      const account = await accountStore.getAccount(home, name);
      const { credentials, source } = await broker.getCredentials(account, roleArn === undefined ? {} : { roleArn });
      if (source === 'refresh') {
        await ctx.record({ kind: 'refresh', account: name, message: `Renewed the AWS credentials of ${name}${roleArn ? ` for role ${roleArn}` : ''}.` });
        ctx.changed('credentials renewed');
      }
      return credentials;
    },
  };
}
