import type { IdTokenClaims } from './token-verifier.js';

/**
 * What the administrator's group setup says, when the broker knows it (a pool administrator's listing, or a
 * backend that reports it). The ID token alone names groups and roles but not which group grants which role.
 */
export interface GroupDetail {
  name: string;
  precedence?: number;
  roleArn?: string;
}

export interface RoleInfo {
  arn: string;
  /** Groups that grant this role, lowest precedence number first; empty when unknown. */
  groups: { name: string; precedence?: number }[];
  preferred: boolean;
}

/** The non-secret facts of a verified sign-in, as the CLI's `status` and the window show them. */
export interface SessionInfo {
  /** The pool's username (`cognito:username`). */
  username: string;
  sub: string;
  email?: string;
  groups: { name: string; precedence?: number }[];
  roles: RoleInfo[];
  preferredRoleArn?: string;
  /** `custom:*` attributes (a tenant id, for example), keyed by the full claim name. */
  customAttributes: Record<string, string>;
  /** ISO-8601 UTC expiry of the ID token. */
  idTokenExpiresAt: string;
}

function byPrecedence(a: { precedence?: number }, b: { precedence?: number }): number {
  return (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER);
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  // Some issuers put a single group as a plain string.
  return typeof value === 'string' && value !== '' ? [value] : [];
}

/** Build the session facts from claims that `verifyIdToken` has already checked. */
export function sessionInfo(claims: IdTokenClaims, groupDetails: GroupDetail[] = []): SessionInfo {
  const details = new Map(groupDetails.map((g) => [g.name, g]));
  const groups = stringList(claims['cognito:groups'])
    .map((name) => {
      const precedence = details.get(name)?.precedence;
      return precedence === undefined ? { name } : { name, precedence };
    })
    .sort(byPrecedence);
  const preferred = typeof claims['cognito:preferred_role'] === 'string' ? claims['cognito:preferred_role'] : undefined;
  const roles = stringList(claims['cognito:roles']).map((arn) => ({
    arn,
    groups: groups.filter((g) => details.get(g.name)?.roleArn === arn),
    preferred: arn === preferred,
  }));
  const customAttributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(claims)) {
    if (key.startsWith('custom:') && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
      customAttributes[key] = String(value);
    }
  }
  return {
    username: claims['cognito:username'],
    sub: claims.sub,
    ...(typeof claims.email === 'string' ? { email: claims.email } : {}),
    groups,
    roles,
    ...(preferred === undefined ? {} : { preferredRoleArn: preferred }),
    customAttributes,
    idTokenExpiresAt: new Date(claims.exp * 1000).toISOString(),
  };
}
