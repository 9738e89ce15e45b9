import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_NAME_PATTERN,
  CLIENT_ID_PATTERN,
  IDENTITY_POOL_ID_PATTERN,
  REGION_PATTERN,
  ROLE_ARN_PATTERN,
  USER_POOL_ID_PATTERN,
  accountSchema,
} from '../../../main/core/accounts/account.js';
import {
  EMPTY_ACCOUNT_FORM,
  FIELD_PATTERNS,
  fromAccount,
  regionFromPoolId,
  toAccountInput,
  validateAccountForm,
} from '../../../renderer/src/lib/account-fields.js';
import { FIRST_FACTORS } from '../../../main/contract/sign-in-method.js';
import { checkPassword } from '../../../main/contract/password-policy.js';
import { formatRemaining, formatTime, roleName } from '../../../renderer/src/lib/format.js';

describe('account form checks', () => {
  it('use the same patterns as the core schema (the renderer may not import it)', () => {
    expect(FIELD_PATTERNS.name.source).toBe(ACCOUNT_NAME_PATTERN.source);
    expect(FIELD_PATTERNS.region.source).toBe(REGION_PATTERN.source);
    expect(FIELD_PATTERNS.userPoolId.source).toBe(USER_POOL_ID_PATTERN.source);
    expect(FIELD_PATTERNS.clientId.source).toBe(CLIENT_ID_PATTERN.source);
    expect(FIELD_PATTERNS.identityPoolId.source).toBe(IDENTITY_POOL_ID_PATTERN.source);
    expect(FIELD_PATTERNS.roleArn.source).toBe(ROLE_ARN_PATTERN.source);
  });

  it('infers the region from AWS pool ids and not from emulator ids', () => {
    expect(regionFromPoolId('eu-west-1_AbC123')).toBe('eu-west-1');
    expect(regionFromPoolId('us-gov-west-1_AbC123')).toBe('us-gov-west-1');
    expect(regionFromPoolId('local_4x9')).toBeUndefined();
  });

  it('a form the renderer accepts is an account the core schema accepts', () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,10}$/);
    fc.assert(
      fc.property(word, word, fc.constantFrom('srp', 'password') as fc.Arbitrary<'srp' | 'password'>, (id, client, flow) => {
        const values = {
          ...EMPTY_ACCOUNT_FORM,
          name: `a${id}`,
          userPoolId: `eu-west-1_${id}`,
          region: 'eu-west-1',
          clientId: client,
          identityPoolId: 'eu-west-1:0a1b-2c',
          authFlow: flow,
        };
        expect(validateAccountForm(values)).toEqual({});
        expect(accountSchema.safeParse(toAccountInput(values)).success).toBe(true);
      }),
    );
  });

  it('a choice-based form with any first factor is an account the core schema accepts, with the factor kept', () => {
    for (const firstFactor of ['', ...FIRST_FACTORS] as const) {
      const values = {
        ...EMPTY_ACCOUNT_FORM,
        name: 'acme',
        userPoolId: 'eu-west-1_abc',
        region: 'eu-west-1',
        clientId: 'client1',
        identityPoolId: 'eu-west-1:0a1b-2c',
        authFlow: 'user-auth' as const,
        firstFactor,
      };
      const parsed = accountSchema.safeParse(toAccountInput(values));
      expect(parsed.success).toBe(true);
      expect(parsed.data?.firstFactor).toBe(firstFactor || undefined);
      expect(fromAccount({ ...toAccountInput(values), authFlow: 'user-auth' }).firstFactor).toBe(firstFactor);
    }
  });

  it('refuses a region that contradicts the pool id', () => {
    expect(validateAccountForm({ ...EMPTY_ACCOUNT_FORM, userPoolId: 'eu-west-1_X1', region: 'us-east-1' }).region).toBe('The user pool id says eu-west-1.');
  });
});

describe('password policy checklist', () => {
  it('lists only the rules the pool has, each met or not', () => {
    expect(checkPassword('abc', undefined)).toEqual([]);
    expect(checkPassword('Abcdefgh1!', { minimumLength: 8, requireSymbols: true, requireNumbers: true })).toEqual([
      { label: 'At least 8 characters', met: true },
      { label: 'A number', met: true },
      { label: 'A symbol such as ! or #', met: true },
    ]);
    expect(checkPassword('abc', { requireUppercase: true })).toEqual([{ label: 'An uppercase letter', met: false }]);
  });
});

describe('formatting', () => {
  it('counts down in words and says expired once past', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(formatRemaining('2026-01-01T00:00:42Z', now)).toBe('42 s');
    expect(formatRemaining('2026-01-01T00:12:04Z', now)).toBe('12 min 04 s');
    expect(formatRemaining('2026-01-01T03:20:00Z', now)).toBe('3 h 20 min');
    expect(formatRemaining('2026-01-06T02:00:00Z', now)).toBe('5 d 2 h');
    expect(formatRemaining('2025-12-31T23:59:59Z', now)).toBe('expired');
    expect(formatRemaining(undefined, now)).toBeUndefined();
  });

  it('shows the year of a log time only when it is not this year', () => {
    const now = Date.parse('2026-06-01T12:00:00Z');
    expect(formatTime('2026-05-31T12:00:00Z', now)).not.toMatch(/2026/);
    expect(formatTime('2025-05-31T12:00:00Z', now)).toMatch(/2025/);
    expect(formatTime('not a time', now)).toBe('not a time');
  });

  it('names a role by the last part of its ARN', () => {
    expect(roleName('arn:aws:iam::123456789012:role/team/acme-admin')).toBe('acme-admin');
  });
});
