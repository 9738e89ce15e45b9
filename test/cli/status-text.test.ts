import { describe, expect, it } from 'vitest';
import type { Account } from '../../main/core/accounts/account.js';
import type { AccountStatus } from '../../main/core/credentials/credential-broker.js';
import { humanTime, relativeTime, table } from '../../main/cli/commands/cli-output.js';
import { statusJson, statusText } from '../../main/cli/commands/status.js';

const now = Date.parse('2026-11-21T06:00:00Z');
const account: Account = {
  name: 'work',
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbC123',
  clientId: 'abc',
  hasClientSecret: false,
  identityPoolId: 'eu-west-1:1234-ab',
  authFlow: 'srp',
  defaultRoleArn: 'arn:aws:iam::123456789012:role/Dev',
};
const signedIn: AccountStatus = {
  state: 'signed-in',
  signedIn: true,
  username: 'alice',
  email: 'alice@example.com',
  identityId: 'eu-west-1:1111',
  groups: [{ name: 'admins', precedence: 1 }, { name: 'devs' }],
  roles: [
    { arn: 'arn:aws:iam::123456789012:role/Admin', groups: [], preferred: true },
    { arn: 'arn:aws:iam::123456789012:role/Dev', groups: [], preferred: false },
  ],
  customAttributes: { 'custom:tenant_id': 't-1' },
  activeRoleArn: 'arn:aws:iam::123456789012:role/Dev',
  activeRoleReason: 'your default role',
  credentialsExpireAt: '2026-11-21T06:42:10.000Z',
  refreshTokenExpiresAt: '2026-12-21T06:00:00.000Z',
  refreshTokenExpiryEstimated: true,
};

describe('status text', () => {
  it('shows a signed-in account with times absolute and relative, and no trailing spaces', () => {
    expect(statusText(account, signedIn, now)).toBe(
      'work: signed in as alice (alice@example.com)\n' +
        '  Identity:     eu-west-1:1111\n' +
        '  Groups:       admins (precedence 1), devs (precedence not told by the pool)\n' +
        '  Roles:        arn:aws:iam::123456789012:role/Admin (preferred), arn:aws:iam::123456789012:role/Dev\n' +
        '  Active role:  arn:aws:iam::123456789012:role/Dev — your default role\n' +
        '  Credentials:  valid until 2026-11-21 06:42 UTC (in 42 minutes)\n' +
        '  Session:      refresh token valid until 2026-12-21 06:00 UTC (in 30 days), estimated from the sign-in time and the 30-day Cognito default\n' +
        '  Attributes:   custom:tenant_id=t-1\n',
    );
  });

  it('says a precedence the pool did not tell as such, as the window does, never as "none"', () => {
    const text = statusText(account, { ...signedIn, groups: [{ name: 'admins' }, { name: 'developers' }, { name: 'readonly' }] }, now);
    expect(text).toContain('  Groups:       admins, developers, readonly (precedence not told by the pool)\n');
    const told = statusText(
      account,
      {
        ...signedIn,
        groups: [
          { name: 'admins', precedence: 1 },
          { name: 'developers', precedence: 5 },
          { name: 'readonly', precedence: 10 },
        ],
      },
      now,
    );
    expect(told).toContain('  Groups:       admins (precedence 1), developers (precedence 5), readonly (precedence 10)\n');
    expect(statusText(account, { ...signedIn, groups: [] }, now)).toContain('  Groups:       none\n');
  });

  it('says what to do when not signed in or expired, and when credentials ran out', () => {
    expect(
      statusText(account, { state: 'needs-sign-in', signedIn: false, groups: [], roles: [], customAttributes: {}, refreshTokenExpiryEstimated: false }, now),
    ).toBe('work: not signed in\n  Sign in with: cognito-broker login work\n');
    const expired = statusText(
      account,
      {
        ...signedIn,
        state: 'expired',
        signedIn: false,
        refreshTokenExpiresAt: '2026-11-20T06:00:00.000Z',
        refreshTokenExpiryEstimated: false,
        credentialsExpireAt: '2026-11-21T05:00:00.000Z',
      },
      now,
    );
    expect(expired).toMatch(/^work: session expired as alice/);
    expect(expired).toContain('  Credentials:  expired 2026-11-21 05:00 UTC (1 hour ago); refreshed on next use\n');
    expect(expired).toContain('  Session:      refresh token expired 2026-11-20 06:00 UTC (1 day ago)\n');
    expect(expired.endsWith('  Sign in again with: cognito-broker login work\n')).toBe(true);
    const noCache = statusText(account, { ...signedIn, credentialsExpireAt: undefined, activeRoleArn: undefined, activeRoleReason: undefined }, now);
    expect(noCache).toContain('  Credentials:  none cached; fetched on next use\n');
    expect(noCache).toContain('  Active role:  chosen by the identity pool\n');
  });

  it('keeps ISO times and the default role in the JSON shape, and nothing secret', () => {
    const json = statusJson(account, signedIn);
    expect(json).toMatchObject({
      account: 'work',
      credentialsExpireAt: '2026-11-21T06:42:10.000Z',
      defaultRoleArn: account.defaultRoleArn,
      refreshTokenExpiryEstimated: true,
    });
    expect(Object.keys(json)).not.toContain('refreshToken');
  });
});

describe('output helpers', () => {
  it('relative and human times', () => {
    expect(relativeTime('2026-11-21T06:00:30Z', now)).toBe('in less than a minute');
    expect(relativeTime('2026-11-21T05:59:30Z', now)).toBe('less than a minute ago');
    expect(relativeTime('2026-11-21T07:00:00Z', now)).toBe('in 1 hour');
    expect(relativeTime('2026-11-23T06:00:00Z', now)).toBe('in 2 days');
    expect(relativeTime('nonsense', now)).toBe('unknown');
    expect(humanTime(undefined)).toBeUndefined();
    expect(humanTime('2026-11-21T06:05:59.999Z', now)).toBe('2026-11-21 06:05 UTC (in 5 minutes)');
  });

  it('aligns table columns without trailing spaces', () => {
    expect(
      table(
        ['A', 'BB', 'C'],
        [
          ['xxx', 'y', ''],
          ['z', 'wwww', 'v'],
        ],
      ),
    ).toBe('A    BB    C\nxxx  y\nz    wwww  v\n');
  });
});
