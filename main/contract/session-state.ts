/** An account's session as the window and the tray see it: names, times and roles, never a token. */
export type SessionState = 'signed-in' | 'expired' | 'needs-sign-in';

/** A group of the ID token, with its precedence (lower wins) when the broker was told it. */
export interface GroupView {
  name: string;
  precedence?: number;
}

export interface RoleView {
  arn: string;
  /** Groups that grant this role, with their precedence (lower wins) when known. */
  groups: GroupView[];
  preferred: boolean;
}

export interface ClockView {
  /** Server time minus this machine's time, ms: positive when this clock is behind. */
  offsetMs: number;
  /** ISO-8601, when it was measured. */
  checkedAt: string;
  /** One sentence saying the clock is off and what to do; absent when it is within the tolerance (2 min). */
  warning?: string;
}

export interface SessionView {
  state: SessionState;
  /** ISO-8601 times; absent when unknown. */
  credentialsExpireAt?: string;
  refreshTokenExpiresAt?: string;
  identityId?: string;
  /** The role the account's default profile resolves to, and why (e.g. "your default role", "preferred role of group admins"). */
  activeRoleArn?: string;
  activeRoleReason?: string;
  username?: string;
  email?: string;
  /**
   * The ID token's groups. `precedence` only when the broker was told it: the token names groups without it,
   * and only an administrator's API reads it. MFA is not here: `getMfaStatus` asks Cognito (GetUser), the one
   * source for it.
   */
  groups: GroupView[];
  roles: RoleView[];
  /** `custom:*` attributes of the ID token, such as a tenant id. */
  customAttributes: Record<string, string>;
  /** How far this machine's clock was from AWS's at the last sign-in or refresh (no secret). */
  clock?: ClockView;
}
