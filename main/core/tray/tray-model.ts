import type { AccountView } from '../../contract/account-view.js';
import { timeLeft } from './time-left.js';
import { serverNow } from '../aws/server-clock.js';

/**
 * The tray menu as data: a pure function of the accounts' state, so every label, check mark and grouping
 * is tested without Electron. The Electron adapter (main/electron/tray-adapter.ts) only turns these items
 * into MenuItem options and actions into calls.
 *
 * Layout: one line per account (its state in words; the active one checked; a click makes it active, and
 * asks for sign-in first when it is not signed in), then "Sign in / out" with a submenu per account (sign
 * in, sign out, copy export lines, open the AWS console), then
 * "Open Cognito Broker" and "Quit". More than 10 accounts are grouped into submenus by tenant (a
 * `custom:tenant*` attribute) or else by user pool, so the menu stays usable.
 */
export type TrayAction =
  | { kind: 'activate'; account: string; signInFirst: boolean }
  | { kind: 'sign-in'; account: string }
  | { kind: 'sign-out'; account: string }
  | { kind: 'copy-export'; account: string }
  | { kind: 'copy-endpoint'; account: string }
  | { kind: 'open-console'; account: string }
  | { kind: 'open-window' }
  | { kind: 'quit' };

export type TrayItem =
  | { type: 'action'; label: string; action: TrayAction; enabled: boolean }
  | { type: 'check'; label: string; checked: boolean; action: TrayAction }
  | { type: 'submenu'; label: string; items: TrayItem[] }
  | { type: 'heading'; label: string }
  | { type: 'separator' };

export type TrayIcon = 'idle' | 'active' | 'attention';

export interface TrayModel {
  items: TrayItem[];
  tooltip: string;
  icon: TrayIcon;
}

export interface TrayState {
  accounts: AccountView[];
  /** Epoch ms. */
  now: number;
  /** Accounts whose background refresh is failing right now. */
  failing?: readonly string[];
}

export const GROUP_THRESHOLD = 10;

/** "signed in · expires in 42 min" / "expired" / "needs sign-in" / "signed in · refresh failing". */
export function stateLabel(account: AccountView, now: number, failing: boolean): string {
  const s = account.session;
  if (s.state === 'expired') return 'expired';
  if (s.state === 'needs-sign-in') return 'needs sign-in';
  if (failing) return 'signed in · refresh failing';
  const until = s.credentialsExpireAt ?? s.refreshTokenExpiresAt;
  // Credentials' Expiration is AWS's time: judged by AWS's clock, as the broker does (server-clock.ts). The
  // refresh token's expiry is estimated from this machine's sign-in time, so it stays on this clock.
  const ms = until ? Date.parse(until) - (s.credentialsExpireAt ? serverNow(s.clock?.offsetMs, now) : now) : NaN;
  if (!Number.isFinite(ms)) return 'signed in';
  if (ms <= 0) return 'signed in · credentials renewing';
  return `signed in · expires in ${timeLeft(ms)}`;
}

function needsAttention(account: AccountView, failing: ReadonlySet<string>): boolean {
  if (failing.has(account.name)) return true;
  if (account.session.state === 'expired') return true;
  // An account never signed in is not a problem, unless it is the one the active profile points at.
  return account.active && account.session.state !== 'signed-in';
}

function tenantOf(account: AccountView): string | undefined {
  const attrs = account.session.customAttributes;
  const key = Object.keys(attrs)
    .filter((k) => /^custom:tenant/i.test(k))
    .sort()[0];
  return key ? attrs[key] : undefined;
}

function groupLabel(account: AccountView): string {
  const tenant = tenantOf(account);
  return tenant !== undefined ? `Tenant ${tenant}` : `Pool ${account.userPoolId}`;
}

function grouped<T>(accounts: AccountView[], item: (a: AccountView) => T, asSubmenu: (label: string, items: T[]) => T): T[] {
  if (accounts.length <= GROUP_THRESHOLD) return accounts.map(item);
  const groups = new Map<string, AccountView[]>();
  for (const a of accounts) {
    const label = groupLabel(a);
    groups.set(label, [...(groups.get(label) ?? []), a]);
  }
  return [...groups.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([label, members]) => asSubmenu(`${label} (${members.length})`, members.map(item)));
}

export function trayMenu(state: TrayState): TrayModel {
  const failing = new Set(state.failing ?? []);
  const accounts = [...state.accounts].sort((a, b) => a.name.localeCompare(b.name));
  const active = accounts.find((a) => a.active);
  const attention = accounts.filter((a) => needsAttention(a, failing));

  const items: TrayItem[] = [];
  if (accounts.length === 0) {
    items.push({ type: 'heading', label: 'No accounts yet' });
  } else {
    items.push({ type: 'heading', label: 'Active account' });
    items.push(
      ...grouped<TrayItem>(
        accounts,
        (a) => ({
          type: 'check',
          label: `${a.name} — ${stateLabel(a, state.now, failing.has(a.name))}`,
          checked: a.active,
          action: { kind: 'activate', account: a.name, signInFirst: a.session.state !== 'signed-in' },
        }),
        (label, members) => ({ type: 'submenu', label, items: members }),
      ),
    );
    items.push({ type: 'separator' });
    items.push({
      type: 'submenu',
      label: 'Sign in / out',
      items: grouped<TrayItem>(
        accounts,
        (a) => {
          const signedIn = a.session.state === 'signed-in';
          return {
            type: 'submenu',
            label: a.name,
            items: [
              { type: 'action', label: signedIn ? 'Sign in again' : 'Sign in', action: { kind: 'sign-in', account: a.name }, enabled: true },
              { type: 'action', label: 'Sign out', action: { kind: 'sign-out', account: a.name }, enabled: signedIn },
              { type: 'action', label: 'Copy export lines', action: { kind: 'copy-export', account: a.name }, enabled: signedIn },
              { type: 'action', label: 'Copy endpoint variables', action: { kind: 'copy-endpoint', account: a.name }, enabled: signedIn },
              { type: 'action', label: 'Open AWS console', action: { kind: 'open-console', account: a.name }, enabled: signedIn },
            ],
          };
        },
        (label, members) => ({ type: 'submenu', label, items: members }),
      ),
    });
  }
  items.push({ type: 'separator' });
  items.push({
    type: 'action',
    label: accounts.length === 0 ? 'Open Cognito Broker to add an account' : 'Open Cognito Broker',
    action: { kind: 'open-window' },
    enabled: true,
  });
  items.push({ type: 'action', label: 'Quit', action: { kind: 'quit' }, enabled: true });

  const lines = ['Cognito Broker'];
  lines.push(active ? `Active: ${active.name} (${stateLabel(active, state.now, failing.has(active.name))})` : 'No active account');
  if (attention.length === 1) lines.push(`${attention[0]!.name} needs attention`);
  if (attention.length > 1) lines.push(`${attention.length} accounts need attention`);

  const icon: TrayIcon = attention.length > 0 ? 'attention' : active && active.session.state === 'signed-in' ? 'active' : 'idle';
  return { items, tooltip: lines.join('\n'), icon };
}
