import { describe, expect, it } from 'vitest';
import { resolveRole } from '../../../main/core/credentials/roles.js';
import { BrokerError } from '../../../main/core/errors.js';

const ADMIN = 'arn:aws:iam::123456789012:role/BrokerAdmin';
const DEV = 'arn:aws:iam::123456789012:role/BrokerDeveloper';
const RO = 'arn:aws:iam::123456789012:role/BrokerReadOnly';
const claims = { 'cognito:groups': ['developers', 'admins'], 'cognito:roles': [ADMIN, DEV], 'cognito:preferred_role': ADMIN };
const groups = [
  { name: 'admins', precedence: 1, roleArn: ADMIN },
  { name: 'developers', precedence: 5, roleArn: DEV },
];

describe('resolveRole', () => {
  it('uses a requested role the token lists', () => {
    expect(resolveRole(claims, { requested: DEV, accountDefault: ADMIN })).toEqual({ roleArn: DEV, reason: 'chosen with --role' });
  });

  it('refuses a requested role the token does not list, naming the allowed ones', () => {
    let error: unknown;
    try {
      resolveRole(claims, { requested: RO });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).code).toBe('role-not-allowed');
    expect((error as BrokerError).message).toContain(RO);
    expect((error as BrokerError).hint).toContain(ADMIN);
    expect((error as BrokerError).hint).toContain(DEV);
  });

  it('refuses any requested role when the groups grant none', () => {
    expect(() => resolveRole({ 'cognito:groups': [] }, { requested: RO })).toThrow(/grant no roles/);
  });

  it("uses the account's default while the token still allows it", () => {
    expect(resolveRole(claims, { accountDefault: DEV })).toEqual({ roleArn: DEV, reason: 'your default role' });
  });

  it('falls back to the preferred role, explained by the group and its precedence when known', () => {
    expect(resolveRole(claims, { groups })).toEqual({ roleArn: ADMIN, reason: 'preferred role of group admins (precedence 1)' });
    expect(resolveRole(claims)).toEqual({ roleArn: ADMIN, reason: 'preferred role of your groups' });
    expect(resolveRole(claims, { accountDefault: RO }).reason).toContain('no longer granted');
  });

  it('lets the pool decide when there is no preferred role (groups tie)', () => {
    const tie = { 'cognito:groups': ['a', 'b'], 'cognito:roles': [ADMIN, DEV] };
    expect(resolveRole(tie)).toEqual({ reason: "the identity pool's default" });
  });
});
