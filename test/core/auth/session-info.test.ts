import { describe, expect, it } from 'vitest';
import { sessionInfo } from '../../../main/core/auth/session-info.js';
import type { IdTokenClaims } from '../../../main/core/auth/token-verifier.js';

const ADMIN = 'arn:aws:iam::123456789012:role/BrokerAdmin';
const DEV = 'arn:aws:iam::123456789012:role/BrokerDeveloper';

const claims: IdTokenClaims = {
  sub: '11111111-2222-3333-4444-555555555555',
  iss: 'http://127.0.0.1:1/local_x',
  aud: 'client',
  exp: 1_900_000_000,
  iat: 1_899_996_400,
  token_use: 'id',
  'cognito:username': 'alice',
  email: 'alice@example.com',
  'cognito:groups': ['developers', 'admins'],
  'cognito:roles': [DEV, ADMIN],
  'cognito:preferred_role': ADMIN,
  'custom:tenant_id': 'acme',
  'custom:tier': 3,
};

describe('sessionInfo', () => {
  it('reads identity, groups, roles, preferred role, custom attributes and expiry', () => {
    const info = sessionInfo(claims);
    expect(info.username).toBe('alice');
    expect(info.email).toBe('alice@example.com');
    expect(info.groups.map((g) => g.name)).toEqual(['developers', 'admins']);
    expect(info.roles).toEqual([
      { arn: DEV, groups: [], preferred: false },
      { arn: ADMIN, groups: [], preferred: true },
    ]);
    expect(info.preferredRoleArn).toBe(ADMIN);
    expect(info.customAttributes).toEqual({ 'custom:tenant_id': 'acme', 'custom:tier': '3' });
    expect(info.idTokenExpiresAt).toBe(new Date(1_900_000_000_000).toISOString());
  });

  it('orders groups by precedence and links roles to groups when the group setup is known', () => {
    const info = sessionInfo(claims, [
      { name: 'admins', precedence: 1, roleArn: ADMIN },
      { name: 'developers', precedence: 5, roleArn: DEV },
    ]);
    expect(info.groups).toEqual([
      { name: 'admins', precedence: 1 },
      { name: 'developers', precedence: 5 },
    ]);
    expect(info.roles.find((r) => r.arn === DEV)?.groups).toEqual([{ name: 'developers', precedence: 5 }]);
  });

  it('copes with a user in no group', () => {
    const { 'cognito:groups': _g, 'cognito:roles': _r, 'cognito:preferred_role': _p, ...bare } = claims;
    const info = sessionInfo(bare as IdTokenClaims);
    expect(info.groups).toEqual([]);
    expect(info.roles).toEqual([]);
    expect(info.preferredRoleArn).toBeUndefined();
  });
});
