import { describe, expect, it } from 'vitest';
import { NotificationScheduler, dueNotifications, nextNotificationAt } from '../../../main/core/notifications/notification-plan.js';
import { NOW, signedIn, view, minutes } from '../../support/account-views.js';

const MIN = 60_000;

describe('notification planning', () => {
  it('warns once the session end is within the lead time, not before', () => {
    const accounts = [signedIn('prod', 50, 20), signedIn('dev', 50, 10)];
    const due = dueNotifications({ accounts, now: NOW, leadMinutes: 15, failures: [] });
    expect(due).toEqual([
      {
        key: `dev:session-ending:${Date.parse(minutes(10))}`,
        account: 'dev',
        reason: 'session-ending',
        title: 'dev: session ends in 10 min',
        body: 'Sign in again now to keep getting AWS credentials without interruption.',
        action: { label: 'Sign in', account: 'dev' },
      },
    ]);
    expect(dueNotifications({ accounts, now: NOW, leadMinutes: 30, failures: [] }).map((n) => n.account)).toEqual(['prod', 'dev']);
  });

  it('says when a session has ended, but not about sessions that ended long ago', () => {
    const recent = view('prod', { state: 'expired', refreshTokenExpiresAt: minutes(-5) });
    const old = view('old', { state: 'expired', refreshTokenExpiresAt: minutes(-3 * 24 * 60) });
    const due = dueNotifications({ accounts: [recent, old], now: NOW, leadMinutes: 15, failures: [] });
    expect(due.map((n) => [n.account, n.reason, n.title])).toEqual([['prod', 'session-ended', 'prod: session ended']]);
  });

  it('notifies when background refresh fails, with a Sign in action', () => {
    const due = dueNotifications({
      accounts: [],
      now: NOW,
      leadMinutes: 15,
      failures: [{ account: 'prod', since: NOW - MIN, message: 'Could not reach Cognito.' }],
    });
    expect(due).toEqual([
      {
        key: `prod:refresh-failing:${NOW - MIN}`,
        account: 'prod',
        reason: 'refresh-failing',
        title: 'prod: could not refresh credentials',
        body: 'Could not reach Cognito. Cognito Broker keeps retrying; sign in if it does not recover.',
        action: { label: 'Sign in', account: 'prod' },
      },
    ]);
  });

  it('never shows the same notification twice, and shows a new one for a new session or failure', () => {
    const scheduler = new NotificationScheduler();
    const failure = { account: 'prod', since: NOW, message: 'Offline.' };
    const state = { accounts: [signedIn('dev', 50, 10)], now: NOW, leadMinutes: 15, failures: [failure] };
    expect(scheduler.take(state).map((n) => n.reason)).toEqual(['session-ending', 'refresh-failing']);
    expect(scheduler.take(state)).toEqual([]);
    expect(scheduler.take({ ...state, now: NOW + 5 * MIN })).toEqual([]);
    // The session ends: a different notification.
    const ended = { ...state, accounts: [view('dev', { state: 'expired', refreshTokenExpiresAt: minutes(10) })], now: NOW + 11 * MIN };
    expect(scheduler.take(ended).map((n) => n.reason)).toEqual(['session-ended']);
    // Signed in again with a new session, and a new run of failures later.
    const renewed = { accounts: [signedIn('dev', 50, 20)], now: NOW + 11 * MIN, leadMinutes: 15, failures: [{ ...failure, since: NOW + 11 * MIN }] };
    expect(scheduler.take(renewed).map((n) => [n.account, n.reason])).toEqual([
      ['dev', 'session-ending'],
      ['prod', 'refresh-failing'],
    ]);
  });

  it('tells when the next notification can become due', () => {
    const accounts = [signedIn('prod', 50, 60), signedIn('dev', 50, 40), view('new')];
    expect(nextNotificationAt({ accounts, now: NOW, leadMinutes: 15 })).toBe(NOW + 25 * MIN);
    expect(nextNotificationAt({ accounts, now: NOW + 26 * MIN, leadMinutes: 15 })).toBe(NOW + 40 * MIN);
    expect(nextNotificationAt({ accounts: [view('new')], now: NOW, leadMinutes: 15 })).toBeUndefined();
  });
});
