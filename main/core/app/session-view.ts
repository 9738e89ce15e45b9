import type { Account } from '../accounts/account.js';
import type { AccountView, ProfileView, SessionView } from '../../contract/app-api.js';

/**
 * Copies exactly the SessionView fields out of whatever richer status object the broker returns, so a
 * field added to the broker's status later never travels to the renderer unreviewed.
 */
export function toSessionView(s: SessionView): SessionView {
  const view: SessionView = {
    state: s.state,
    groups: s.groups.map((g) => (g.precedence === undefined ? { name: g.name } : { name: g.name, precedence: g.precedence })),
    roles: s.roles.map((r) => ({
      arn: r.arn,
      preferred: r.preferred,
      groups: r.groups.map((g) => (g.precedence === undefined ? { name: g.name } : { name: g.name, precedence: g.precedence })),
    })),
    customAttributes: { ...s.customAttributes },
  };
  const optional = ['credentialsExpireAt', 'refreshTokenExpiresAt', 'identityId', 'activeRoleArn', 'activeRoleReason', 'username', 'email'] as const;
  for (const key of optional) if (s[key] !== undefined) view[key] = s[key];
  if (s.clock)
    view.clock = { offsetMs: s.clock.offsetMs, checkedAt: s.clock.checkedAt, ...(s.clock.warning === undefined ? {} : { warning: s.clock.warning }) };
  return view;
}

export function toAccountView(account: Account, session: SessionView, active: boolean, profiles: readonly ProfileView[]): AccountView {
  const view: AccountView = {
    name: account.name,
    region: account.region,
    userPoolId: account.userPoolId,
    clientId: account.clientId,
    identityPoolId: account.identityPoolId,
    authFlow: account.authFlow,
    hasClientSecret: account.hasClientSecret,
    active,
    session: toSessionView(session),
    profiles: profiles.filter((p) => p.account === account.name).map((p) => p.name),
  };
  if (account.username !== undefined) view.username = account.username;
  if (account.defaultRoleArn !== undefined) view.defaultRoleArn = account.defaultRoleArn;
  if (account.endpoints !== undefined) view.endpoints = { ...account.endpoints };
  // Settings only (domain, scopes, port, IdP name; a duration): the window shows and keeps them on an edit.
  if (account.hostedUi !== undefined) view.hostedUi = { ...account.hostedUi, scopes: [...account.hostedUi.scopes] };
  if (account.basicFlow !== undefined) view.basicFlow = { ...account.basicFlow };
  return view;
}
