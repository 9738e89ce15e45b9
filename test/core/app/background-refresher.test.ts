import { describe, expect, it } from 'vitest';
import { BackgroundRefresher, type RefreshEvent, type RefresherClock, type SignedInAccount } from '../../../main/core/app/background-refresher.js';
import { BrokerError } from '../../../main/core/errors.js';

const MIN = 60_000;
const T0 = Date.parse('2026-03-01T12:00:00Z');

/** A clock whose time moves only when the test says so; timers fire in order as it advances. */
class ManualClock implements RefresherClock {
  time = T0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private seq = 0;
  now = (): number => this.time;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  };
  clearTimeout = (h: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== h);
  };
  get pending(): number {
    return this.timers.length;
  }
  /** Advance to `to`, firing due timers and letting their async work settle. */
  async advanceTo(to: number): Promise<void> {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > to) break;
      this.timers.shift();
      this.time = next.at;
      next.fn();
      await settle();
    }
    this.time = to;
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

function setup(accounts: SignedInAccount[], refresh: (account: string, now: number) => number | Error) {
  const clock = new ManualClock();
  const events: RefreshEvent[] = [];
  const calls: { account: string; at: number }[] = [];
  const refresher = new BackgroundRefresher({
    clock,
    listSignedIn: async () => accounts,
    refresh: async (account) => {
      calls.push({ account, at: clock.now() });
      const r = refresh(account, clock.now());
      if (r instanceof Error) throw r;
      const entry = accounts.find((a) => a.account === account);
      if (entry) entry.credentialsExpireAt = r;
      return r;
    },
    onEvent: (e) => events.push(e),
  });
  return { clock, events, calls, refresher };
}

describe('background refresher', () => {
  it('refreshes each account as its cache leaves the 15-minute window, and again an hour later', async () => {
    const accounts = [
      { account: 'prod', credentialsExpireAt: T0 + 60 * MIN },
      { account: 'dev', credentialsExpireAt: T0 + 30 * MIN },
    ];
    const { clock, calls, events, refresher } = setup(accounts, (_a, now) => now + 60 * MIN);
    await refresher.start();
    expect(calls).toEqual([]);
    await clock.advanceTo(T0 + 15 * MIN);
    expect(calls).toEqual([]);
    await clock.advanceTo(T0 + 15 * MIN + 1000);
    expect(calls).toEqual([{ account: 'dev', at: T0 + 15 * MIN + 1000 }]);
    await clock.advanceTo(T0 + 91 * MIN);
    const at = (c: { at: number }): string => `${Math.floor((c.at - T0) / MIN)}:${String(((c.at - T0) % MIN) / 1000).padStart(2, '0')}`;
    expect(calls.map((c) => [c.account, at(c)])).toEqual([
      ['dev', '15:01'],
      ['prod', '45:01'],
      ['dev', '60:02'],
      ['prod', '90:02'],
    ]);
    expect(events.filter((e) => e.kind === 'refreshed')).toHaveLength(4);
    refresher.stop();
    expect(clock.pending).toBe(0);
  });

  it('refreshes at once an account whose credentials are unknown or already inside the window', async () => {
    const { calls, refresher } = setup([{ account: 'a' }, { account: 'b', credentialsExpireAt: T0 + 12 * MIN }], (_a, now) => now + 60 * MIN);
    await refresher.start();
    expect(calls.map((c) => c.account)).toEqual(['a', 'b']);
    refresher.stop();
  });

  it('backs off exponentially on errors, capped, and reports each failure once with the same start', async () => {
    const accounts = [{ account: 'prod' }];
    const offline = new BrokerError('network', 'Could not reach Cognito.');
    const { clock, calls, events, refresher } = setup(accounts, () => offline);
    await refresher.start();
    await clock.advanceTo(T0 + 120 * MIN);
    const gaps = calls.slice(1).map((c, i) => (c.at - calls[i]!.at) / 1000);
    expect(gaps.slice(0, 7)).toEqual([30, 60, 120, 240, 480, 900, 900]);
    const failed = events.filter((e) => e.kind === 'failed');
    expect(failed.length).toBe(calls.length);
    expect(new Set(failed.map((e) => e.kind === 'failed' && e.since))).toEqual(new Set([T0]));
    expect(failed[0]).toMatchObject({ account: 'prod', code: 'network', message: 'Could not reach Cognito.', attempt: 1, retryAt: T0 + 30_000 });
    expect(refresher.failing()).toEqual([{ account: 'prod', since: T0 }]);
    refresher.stop();
  });

  it('on resume or network back, retries at once with the backoff started over, and reports recovery', async () => {
    let online = false;
    const accounts = [{ account: 'prod' }];
    const { clock, calls, events, refresher } = setup(accounts, (_a, now) => (online ? now + 60 * MIN : new BrokerError('network', 'Offline.')));
    await refresher.start();
    await clock.advanceTo(T0 + 20 * MIN);
    const before = calls.length;
    expect(before).toBeGreaterThan(3);
    online = true;
    clock.time = T0 + 21 * MIN;
    await refresher.wake();
    expect(calls.length).toBe(before + 1);
    expect(calls.at(-1)?.at).toBe(T0 + 21 * MIN);
    expect(events.slice(-2).map((e) => e.kind)).toEqual(['recovered', 'refreshed']);
    expect(refresher.failing()).toEqual([]);
    refresher.stop();
  });

  it('parks a dead session until the account is signed in again', async () => {
    const accounts = [{ account: 'prod' }];
    let dead = true;
    const { clock, calls, events, refresher } = setup(accounts, (_a, now) =>
      dead ? new BrokerError('session-expired', 'The session of prod has ended.') : now + 60 * MIN,
    );
    await refresher.start();
    await clock.advanceTo(T0 + 60 * MIN);
    expect(calls).toHaveLength(1);
    expect(events).toEqual([{ kind: 'failed', account: 'prod', code: 'session-expired', message: 'The session of prod has ended.', attempt: 1, since: T0 }]);
    await refresher.wake();
    expect(calls).toHaveLength(1);
    dead = false;
    refresher.reset('prod');
    await refresher.tick();
    expect(calls).toHaveLength(2);
    refresher.stop();
  });

  it('never shows the text of an unexpected error', async () => {
    const { events, refresher } = setup([{ account: 'prod' }], () => new Error('token eyJabc.def.ghi'));
    await refresher.start();
    expect(events[0]).toMatchObject({ kind: 'failed', code: 'internal', message: 'An unexpected error stopped the refresh.' });
    refresher.stop();
  });

  it('re-reads the signed-in list periodically to pick up CLI sign-ins', async () => {
    const accounts: SignedInAccount[] = [];
    const { clock, calls, refresher } = setup(accounts, (_a, now) => now + 60 * MIN);
    await refresher.start();
    accounts.push({ account: 'late', credentialsExpireAt: T0 + 16 * MIN });
    await clock.advanceTo(T0 + 4 * MIN);
    expect(calls).toEqual([]);
    // The periodic re-read finds it with 11 minutes left: inside the window, so refreshed at once.
    await clock.advanceTo(T0 + 5 * MIN);
    expect(calls.map((c) => [c.account, (c.at - T0) / MIN])).toEqual([['late', 5]]);
    expect(refresher.nextTickAt).toBeLessThanOrEqual(T0 + 10 * MIN);
    refresher.stop();
  });
});
