import type { AccountView } from '../../contract/account-view.js';
import { timeLeft } from '../tray/time-left.js';

/**
 * Desktop notifications as data: which ones are due now, and when the next one could become due (so the
 * app sets one timer instead of polling). Three reasons, each with a "Sign in" action:
 * - a session (refresh token) ends within the lead time (a setting, default 15 min);
 * - a session has ended (told once, and only within a day of it ending: no nagging about old sessions);
 * - background refresh is failing for an account.
 * No duplicates: each notification has a key tied to the very session or failure it is about; a key is
 * shown once, and a new session or a new failure gets a new key.
 */
export interface PlannedNotification {
  key: string;
  account: string;
  reason: 'session-ending' | 'session-ended' | 'refresh-failing';
  title: string;
  body: string;
  action: { label: 'Sign in'; account: string };
}

export interface RefreshFailure {
  account: string;
  /** Epoch ms of the first failure in this run of failures. */
  since: number;
  /** A sentence safe to show (a BrokerError message). */
  message: string;
}

export interface NotificationState {
  accounts: AccountView[];
  now: number;
  leadMinutes: number;
  failures: readonly RefreshFailure[];
}

const ENDED_GRACE_MS = 24 * 60 * 60 * 1000;

function expiry(account: AccountView): number | undefined {
  const at = account.session.refreshTokenExpiresAt;
  if (!at) return undefined;
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? ms : undefined;
}

export function dueNotifications(state: NotificationState): PlannedNotification[] {
  const lead = state.leadMinutes * 60_000;
  const out: PlannedNotification[] = [];
  for (const a of state.accounts) {
    const ends = expiry(a);
    if (ends === undefined) continue;
    const action = { label: 'Sign in' as const, account: a.name };
    if (state.now >= ends - lead && state.now < ends && a.session.state === 'signed-in') {
      out.push({
        key: `${a.name}:session-ending:${ends}`,
        account: a.name,
        reason: 'session-ending',
        title: `${a.name}: session ends in ${timeLeft(ends - state.now)}`,
        body: 'Sign in again now to keep getting AWS credentials without interruption.',
        action,
      });
    } else if (state.now >= ends && state.now - ends < ENDED_GRACE_MS) {
      out.push({
        key: `${a.name}:session-ended:${ends}`,
        account: a.name,
        reason: 'session-ended',
        title: `${a.name}: session ended`,
        body: 'AWS commands using this account will fail until you sign in again.',
        action,
      });
    }
  }
  for (const f of state.failures) {
    out.push({
      key: `${f.account}:refresh-failing:${f.since}`,
      account: f.account,
      reason: 'refresh-failing',
      title: `${f.account}: could not refresh credentials`,
      body: `${f.message} Cognito Broker keeps retrying; sign in if it does not recover.`,
      action: { label: 'Sign in', account: f.account },
    });
  }
  return out;
}

/** When the next session-ending or session-ended notification can become due, or undefined if none. */
export function nextNotificationAt(state: Omit<NotificationState, 'failures'>): number | undefined {
  const lead = state.leadMinutes * 60_000;
  let next: number | undefined;
  for (const a of state.accounts) {
    const ends = expiry(a);
    if (ends === undefined) continue;
    for (const t of [ends - lead, ends]) if (t > state.now && (next === undefined || t < next)) next = t;
  }
  return next;
}

/** Remembers what was shown so each key is shown once per run of the app. */
export class NotificationScheduler {
  private readonly shown = new Set<string>();

  /** The notifications to show now; each is returned once. */
  take(state: NotificationState): PlannedNotification[] {
    const fresh = dueNotifications(state).filter((n) => !this.shown.has(n.key));
    for (const n of fresh) this.shown.add(n.key);
    return fresh;
  }
}
