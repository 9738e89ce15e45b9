import type { AccountView, SessionView } from '../../../main/contract/app-api.js';

export const ADMIN_ROLE = 'arn:aws:iam::123456789012:role/acme-admin';
export const DEV_ROLE = 'arn:aws:iam::123456789012:role/acme-developer';

export function session(overrides: Partial<SessionView> = {}): SessionView {
  return {
    state: 'needs-sign-in',
    groups: [],
    roles: [],
    customAttributes: {},
    ...overrides,
  };
}

export function signedInSession(now = Date.now(), overrides: Partial<SessionView> = {}): SessionView {
  return session({
    state: 'signed-in',
    credentialsExpireAt: new Date(now + 42 * 60_000 + 5_000).toISOString(),
    refreshTokenExpiresAt: new Date(now + 29 * 86_400_000 + 3 * 3_600_000).toISOString(),
    identityId: 'eu-west-1:0a1b2c3d-0000-4000-8000-000000000001',
    activeRoleArn: ADMIN_ROLE,
    activeRoleReason: 'preferred role of group admins',
    username: 'alice',
    email: 'alice@example.com',
    groups: [
      { name: 'developers', precedence: 5 },
      { name: 'admins', precedence: 1 },
    ],
    roles: [
      { arn: ADMIN_ROLE, groups: [{ name: 'admins', precedence: 1 }], preferred: true },
      { arn: DEV_ROLE, groups: [{ name: 'developers', precedence: 5 }], preferred: false },
    ],
    customAttributes: { 'custom:tenant': 'acme' },
    ...overrides,
  });
}

export function account(overrides: Partial<AccountView> = {}): AccountView {
  return {
    name: 'acme-dev',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_AbC123',
    clientId: 'client123',
    identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
    username: 'alice',
    authFlow: 'srp',
    hasClientSecret: false,
    active: false,
    session: session(),
    profiles: [],
    ...overrides,
  };
}
