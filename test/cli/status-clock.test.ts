import { describe, expect, it } from 'vitest';
import type { Account } from '../../main/core/accounts/account.js';
import { clockView } from '../../main/core/credentials/session-clock.js';
import type { AccountStatus } from '../../main/core/credentials/credential-broker.js';
import { statusJson, statusText } from '../../main/cli/commands/status.js';

const MIN = 60_000;
const now = Date.parse('2026-11-21T06:00:00Z');
const account: Account = {
  name: 'work',
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbC123',
  clientId: 'abc',
  hasClientSecret: false,
  identityPoolId: 'eu-west-1:1234-ab',
  authFlow: 'srp',
};
const status = (offsetMs: number, credentialsMinutesByAws: number): AccountStatus => ({
  state: 'signed-in',
  signedIn: true,
  username: 'alice',
  groups: [],
  roles: [],
  customAttributes: {},
  // Expiration is AWS's time: AWS's now + the minutes left.
  credentialsExpireAt: new Date(now + offsetMs + credentialsMinutesByAws * MIN).toISOString(),
  refreshTokenExpiresAt: new Date(now + 30 * 24 * 60 * MIN).toISOString(),
  refreshTokenExpiryEstimated: true,
  ...clockView({ clockOffsetMs: offsetMs, clockCheckedAt: new Date(now).toISOString() }),
});

describe('status and the clock', () => {
  it("a clock 10 minutes behind: one Clock line saying what to do; credentials counted by AWS's clock", () => {
    const text = statusText(account, status(10 * MIN, 20), now);
    expect(text).toMatch(
      /^ {2}Clock: +This computer's clock is 10 minutes behind AWS's: turn on automatic date and time in your system settings, or AWS may refuse requests signed on this computer\.$/m,
    );
    expect(text).toMatch(/^ {2}Credentials: +valid until .* \(in 20 minutes\)$/m);
  });

  it('a clock within 2 minutes: no Clock line; --json still reports the measured offset, without a warning', () => {
    const s = status(90_000, 30);
    expect(statusText(account, s, now)).not.toMatch(/Clock:/);
    expect(statusJson(account, s).clock).toEqual({ offsetMs: 90_000, checkedAt: new Date(now).toISOString() });
  });

  it('--json carries the warning sentence when the clock is off', () => {
    expect(statusJson(account, status(-10 * MIN, 30)).clock?.warning).toMatch(/^This computer's clock is 10 minutes ahead of AWS's: /);
  });

  it('no reading (older sign-ins): no clock in either form', () => {
    const rest = status(0, 30);
    delete rest.clock;
    expect(statusJson(account, rest).clock).toBeUndefined();
    expect(statusText(account, rest, now)).not.toMatch(/Clock:/);
  });
});
