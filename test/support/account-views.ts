import type { AccountView, SessionView } from '../../main/contract/app-api.js';

export const NOW = Date.parse('2026-03-01T12:00:00Z');
export const minutes = (n: number): string => new Date(NOW + n * 60_000).toISOString();

export function view(name: string, session: Partial<SessionView> = {}, extra: Partial<AccountView> = {}): AccountView {
  return {
    name,
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_Pool1',
    clientId: 'client1',
    identityPoolId: 'eu-west-1:1234abcd-0000',
    authFlow: 'srp',
    hasClientSecret: false,
    active: false,
    profiles: [name],
    session: { state: 'needs-sign-in', groups: [], roles: [], customAttributes: {}, ...session },
    ...extra,
  };
}

export const signedIn = (
  name: string,
  credMin: number,
  refreshMin = 60 * 24 * 30,
  extra: Partial<AccountView> = {},
  custom: Record<string, string> = {},
): AccountView =>
  view(name, { state: 'signed-in', credentialsExpireAt: minutes(credMin), refreshTokenExpiresAt: minutes(refreshMin), customAttributes: custom }, extra);
