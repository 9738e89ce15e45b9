/**
 * How an identity pool picks the IAM role for an authenticated identity (see the project's
 * cognito-facts notes and AWS's "Role-based access control" guide):
 * - no RoleMapping for the provider → the pool's authenticated role (CustomRoleArn must equal it if given);
 * - Type=Token: CustomRoleArn listed in `cognito:roles` → it; listed nowhere → denied; no CustomRoleArn →
 *   `cognito:preferred_role`; otherwise AmbiguousRoleResolution;
 * - Type=Rules: CustomRoleArn must be a role some rule could give; else the first matching rule in order;
 *   otherwise AmbiguousRoleResolution.
 * AmbiguousRoleResolution AuthenticatedRole → the pool's authenticated role; Deny (or unset) → denied.
 */
export interface MappingRule {
  Claim: string;
  MatchType: 'Equals' | 'Contains' | 'StartsWith' | 'NotEqual';
  Value: string;
  RoleARN: string;
}

export interface RoleMapping {
  Type: 'Token' | 'Rules';
  AmbiguousRoleResolution?: 'AuthenticatedRole' | 'Deny';
  RulesConfiguration?: { Rules: MappingRule[] };
}

export type RoleDecision =
  | { ok: true; roleArn: string; reason: 'custom-role' | 'preferred-role' | 'rule' | 'ambiguous-authenticated-role' | 'authenticated-role' }
  | { ok: false; reason: 'custom-role-not-allowed' | 'ambiguous-deny' | 'no-authenticated-role' };

function claimValues(claims: Record<string, unknown>, name: string): string[] {
  const value = claims[name];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

function ruleMatches(rule: MappingRule, claims: Record<string, unknown>): boolean {
  const values = claimValues(claims, rule.Claim);
  if (values.length === 0) return false;
  // An array claim (cognito:groups) is compared as a whole string for Equals/NotEqual and element-wise
  // for Contains, the way AWS documents `cognito:groups Contains admins`.
  const joined = values.join(',');
  switch (rule.MatchType) {
    case 'Equals':
      return joined === rule.Value;
    case 'NotEqual':
      return joined !== rule.Value;
    case 'StartsWith':
      return joined.startsWith(rule.Value);
    case 'Contains':
      return values.some((v) => v.includes(rule.Value)) || joined.includes(rule.Value);
  }
}

function ambiguous(mapping: RoleMapping, authenticatedRole: string | undefined): RoleDecision {
  if (mapping.AmbiguousRoleResolution === 'AuthenticatedRole') {
    return authenticatedRole
      ? { ok: true, roleArn: authenticatedRole, reason: 'ambiguous-authenticated-role' }
      : { ok: false, reason: 'no-authenticated-role' };
  }
  return { ok: false, reason: 'ambiguous-deny' };
}

export function resolveRole(input: {
  claims: Record<string, unknown>;
  mapping?: RoleMapping;
  authenticatedRole?: string;
  customRoleArn?: string;
}): RoleDecision {
  const { claims, mapping, authenticatedRole, customRoleArn } = input;
  if (!mapping) {
    if (!authenticatedRole) return { ok: false, reason: 'no-authenticated-role' };
    if (customRoleArn && customRoleArn !== authenticatedRole) return { ok: false, reason: 'custom-role-not-allowed' };
    return { ok: true, roleArn: authenticatedRole, reason: 'authenticated-role' };
  }
  if (mapping.Type === 'Token') {
    const roles = claimValues(claims, 'cognito:roles');
    if (customRoleArn) {
      return roles.includes(customRoleArn) ? { ok: true, roleArn: customRoleArn, reason: 'custom-role' } : { ok: false, reason: 'custom-role-not-allowed' };
    }
    const preferred = claimValues(claims, 'cognito:preferred_role')[0];
    if (preferred) return { ok: true, roleArn: preferred, reason: 'preferred-role' };
    return ambiguous(mapping, authenticatedRole);
  }
  const rules = mapping.RulesConfiguration?.Rules ?? [];
  if (customRoleArn) {
    const allowed = rules.some((r) => r.RoleARN === customRoleArn && ruleMatches(r, claims));
    return allowed ? { ok: true, roleArn: customRoleArn, reason: 'custom-role' } : { ok: false, reason: 'custom-role-not-allowed' };
  }
  const first = rules.find((r) => ruleMatches(r, claims));
  if (first) return { ok: true, roleArn: first.RoleARN, reason: 'rule' };
  return ambiguous(mapping, authenticatedRole);
}
