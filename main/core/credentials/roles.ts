import { BrokerError } from '../errors.js';
import type { GroupDetail } from '../auth/session-info.js';

/** The role-bearing claims of a verified ID token. */
export interface RoleClaims {
  'cognito:roles'?: string[];
  'cognito:preferred_role'?: string;
  'cognito:groups'?: string[];
}

export interface RoleChoice {
  /** The CustomRoleArn to send; undefined lets the identity pool decide (its authenticated role or rules). */
  roleArn?: string;
  /** Why, in words a person understands: "chosen with --role", "your default role", ... */
  reason: string;
}

export interface RoleRequest {
  /** `--role` on the command line, or a profile's role. */
  requested?: string;
  /** The account's chosen default role. */
  accountDefault?: string;
  /** Group precedences and roles, when known, to explain a preferred role. */
  groups?: GroupDetail[];
}

/**
 * Decide which role to ask the identity pool for, following its "Choose role from token" rules, before any
 * network call: a requested role must be one the token lists (the pool would deny it anyway, after a round
 * trip and with a vaguer message); the account's default is used while the token still allows it; then the
 * token's preferred role; else nothing, and the pool applies its own rules.
 */
export function resolveRole(claims: RoleClaims, request: RoleRequest = {}): RoleChoice {
  const allowed = Array.isArray(claims['cognito:roles']) ? claims['cognito:roles'] : [];
  if (request.requested !== undefined) {
    if (allowed.includes(request.requested)) return { roleArn: request.requested, reason: 'chosen with --role' };
    throw new BrokerError(
      'role-not-allowed',
      allowed.length === 0
        ? `Role ${request.requested} is not allowed: your groups grant no roles.`
        : `Role ${request.requested} is not allowed for your groups.`,
      {
        hint:
          allowed.length === 0
            ? 'Ask the administrator to attach a role to one of your groups, or sign in without --role.'
            : `Allowed roles: ${allowed.join(', ')}.`,
      },
    );
  }
  if (request.accountDefault !== undefined && allowed.includes(request.accountDefault)) {
    return { roleArn: request.accountDefault, reason: 'your default role' };
  }
  const staleDefault = request.accountDefault !== undefined ? ' (your default role is no longer granted)' : '';
  const preferred = claims['cognito:preferred_role'];
  if (typeof preferred === 'string' && preferred !== '') {
    return { roleArn: preferred, reason: preferredReason(preferred, claims, request.groups ?? []) + staleDefault };
  }
  return { reason: `the identity pool's default${staleDefault}` };
}

function preferredReason(arn: string, claims: RoleClaims, groups: GroupDetail[]): string {
  const mine = new Set(Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'] : []);
  const granting = groups
    .filter((g) => g.roleArn === arn && mine.has(g.name))
    .sort((a, b) => (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER))[0];
  if (!granting) return 'preferred role of your groups';
  return granting.precedence === undefined
    ? `preferred role of group ${granting.name}`
    : `preferred role of group ${granting.name} (precedence ${granting.precedence})`;
}
