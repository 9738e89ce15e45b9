import { getAccount, loadAccounts } from '../../core/accounts/account-store.js';
import type { Account } from '../../core/accounts/account.js';
import type { AccountStatus } from '../../core/credentials/credential-broker.js';
import { defineCommand } from '../command.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { fields, humanTime, json } from './cli-output.js';
import { serverNow } from '../../core/aws/server-clock.js';

/** The `--json` shape: every time as ISO-8601 UTC, nothing secret. */
export interface StatusJson {
  account: string;
  state: AccountStatus['state'];
  signedIn: boolean;
  username?: string;
  email?: string;
  identityId?: string;
  /** `precedence` only when the broker was told it (the ID token does not carry it). */
  groups: AccountStatus['groups'];
  roles: AccountStatus['roles'];
  defaultRoleArn?: string;
  activeRoleArn?: string;
  activeRoleReason?: string;
  credentialsExpireAt?: string;
  refreshTokenExpiresAt?: string;
  refreshTokenExpiryEstimated: boolean;
  customAttributes: Record<string, string>;
  /** This machine's clock against AWS's at the last sign-in or refresh; `warning` when it is off by more than 2 minutes. */
  clock?: { offsetMs: number; checkedAt: string; warning?: string };
}

export function statusJson(account: Account, s: AccountStatus): StatusJson {
  return {
    account: account.name,
    state: s.state,
    signedIn: s.signedIn,
    ...(s.username === undefined ? {} : { username: s.username }),
    ...(s.email === undefined ? {} : { email: s.email }),
    ...(s.identityId === undefined ? {} : { identityId: s.identityId }),
    groups: s.groups,
    roles: s.roles,
    ...(account.defaultRoleArn === undefined ? {} : { defaultRoleArn: account.defaultRoleArn }),
    ...(s.activeRoleArn === undefined ? {} : { activeRoleArn: s.activeRoleArn }),
    ...(s.activeRoleReason === undefined ? {} : { activeRoleReason: s.activeRoleReason }),
    ...(s.credentialsExpireAt === undefined ? {} : { credentialsExpireAt: s.credentialsExpireAt }),
    ...(s.refreshTokenExpiresAt === undefined ? {} : { refreshTokenExpiresAt: s.refreshTokenExpiresAt }),
    refreshTokenExpiryEstimated: s.refreshTokenExpiryEstimated,
    customAttributes: s.customAttributes,
    ...(s.clock === undefined ? {} : { clock: { ...s.clock } }),
  };
}

const STATE_TEXT: Record<AccountStatus['state'], string> = {
  'signed-in': 'signed in',
  expired: 'session expired',
  'needs-sign-in': 'not signed in',
};

/**
 * Said as the window's details screen says it. The ID token names groups without their precedence, which
 * only an administrator's API reads: an unknown one is "not told by the pool", never left to read as "none".
 */
export const PRECEDENCE_UNKNOWN = 'not told by the pool';

export function groupsText(groups: AccountStatus['groups']): string {
  if (!groups.length) return 'none';
  if (groups.every((g) => g.precedence === undefined)) return `${groups.map((g) => g.name).join(', ')} (precedence ${PRECEDENCE_UNKNOWN})`;
  return groups.map((g) => `${g.name} (precedence ${g.precedence ?? PRECEDENCE_UNKNOWN})`).join(', ');
}

export function statusText(account: Account, s: AccountStatus, now = Date.now()): string {
  const who = s.username ? ` as ${s.username}${s.email ? ` (${s.email})` : ''}` : '';
  const head = `${account.name}: ${STATE_TEXT[s.state]}${s.state === 'needs-sign-in' ? '' : who}\n`;
  if (s.state === 'needs-sign-in') return `${head}  Sign in with: cognito-broker login ${account.name}\n`;
  const attrs = Object.entries(s.customAttributes).map(([k, v]) => `${k}=${v}`);
  // Credentials' Expiration is AWS's time: how much is left is judged by AWS's clock, as credential-process does.
  const awsNow = serverNow(s.clock?.offsetMs, now);
  const credentials = s.credentialsExpireAt
    ? Date.parse(s.credentialsExpireAt) > awsNow
      ? `valid until ${humanTime(s.credentialsExpireAt, awsNow)}`
      : `expired ${humanTime(s.credentialsExpireAt, awsNow)}; refreshed on next use`
    : 'none cached; fetched on next use';
  const body = fields([
    ['Identity', s.identityId],
    ['Groups', groupsText(s.groups)],
    ['Roles', s.roles.length ? s.roles.map((r) => r.arn + (r.preferred ? ' (preferred)' : '')).join(', ') : 'none in the token'],
    [
      'Active role',
      s.activeRoleArn ? `${s.activeRoleArn} — ${s.activeRoleReason ?? ''}`.replace(/ — $/, '') : (s.activeRoleReason ?? 'chosen by the identity pool'),
    ],
    ['Credentials', credentials],
    [
      'Session',
      s.refreshTokenExpiresAt
        ? `refresh token ${Date.parse(s.refreshTokenExpiresAt) > now ? 'valid until' : 'expired'} ${humanTime(s.refreshTokenExpiresAt, now)}${s.refreshTokenExpiryEstimated ? ', estimated from the sign-in time and the 30-day Cognito default' : ''}`
        : undefined,
    ],
    ['Attributes', attrs.length ? attrs.join(', ') : undefined],
    ['Clock', s.clock?.warning],
  ]);
  const next = s.state === 'expired' ? `  Sign in again with: cognito-broker login ${account.name}\n` : '';
  return head + body.replace(/^(?=.)/gm, '  ') + next;
}

export const statusCommand = defineCommand({
  name: 'status',
  summary: 'Show whether accounts are signed in, their groups, roles and expiry times',
  usage: `cognito-broker status [<account>] [--json]`,
  description: `For each account (or the one named): signed in or not, who, identity id, groups, the roles they allow,
the role credentials are fetched for and why, and when the credentials and the sign-in expire. Reads the
keychain only; no network.
`,
  options: { json: { type: 'boolean', help: 'print as JSON (times as ISO-8601 UTC); an object for one account, a list otherwise' } },
  arguments: ['account'],
  positionals: [0, 1],
  async run(args, io) {
    const name = args.positionals[0];
    const accounts = name === undefined ? await loadAccounts(io.home) : [await getAccount(io.home, name)];
    const broker = composeBroker(io.home, io.env).broker;
    const results: { account: Account; status: AccountStatus }[] = [];
    for (const account of accounts) results.push({ account, status: await broker.status(account) });
    if (args.values.json === true) {
      const out = results.map((r) => statusJson(r.account, r.status));
      io.stdout(json(name === undefined ? out : out[0]));
      return 0;
    }
    if (!results.length) {
      io.stdout('No accounts yet. Add one with `cognito-broker account add` or `cognito-broker account import <file.json>`.\n');
      return 0;
    }
    io.stdout(results.map((r) => statusText(r.account, r.status)).join('\n'));
    return 0;
  },
});
