/**
 * The one contract between the UI and the broker core. Electron IPC (preload → main) and the local HTTP/SSE
 * bridge (browser development, end-to-end tests) both carry exactly these calls and events, and both go
 * through the same `dispatch()` which validates every argument with a schema.
 *
 * Nothing here carries a token, secret key or password outward. The only secrets that travel inward are the
 * ones a person types (password, codes) in `signIn*` answers; the TOTP enrolment secret travels outward once,
 * inside the `mfa-setup` step, because the person must see it to enrol.
 */
import type { AccountInput, BasicFlowSettings, HostedUiSettings } from '../core/accounts/account.js';
import type { MfaType, PasswordPolicy } from '../core/auth/prompter.js';

export type SessionState = 'signed-in' | 'expired' | 'needs-sign-in';

export interface RoleView {
  arn: string;
  /** Groups that grant this role, with their precedence (lower wins) when known. */
  groups: { name: string; precedence?: number }[];
  preferred: boolean;
}

export interface AccountView {
  name: string;
  region: string;
  userPoolId: string;
  clientId: string;
  identityPoolId: string;
  username?: string;
  authFlow: 'srp' | 'password';
  hasClientSecret: boolean;
  defaultRoleArn?: string;
  endpoints?: { cognitoIdentityProvider?: string; cognitoIdentity?: string; sts?: string };
  /**
   * Managed-login settings (no secret in them). Present when the account signs in through the browser: the
   * window offers "Sign in with <identityProvider>" and an edit keeps these settings as they are.
   */
  hostedUi?: HostedUiSettings;
  /** The longer-session (basic flow) opt-in, shown and kept by an edit. */
  basicFlow?: BasicFlowSettings;
  active: boolean;
  session: SessionView;
  /** Names of managed ~/.aws/config profiles that use this account. */
  profiles: string[];
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
  groups: { name: string; precedence?: number }[];
  roles: RoleView[];
  /** `custom:*` attributes of the ID token, such as a tenant id. */
  customAttributes: Record<string, string>;
  /** How far this machine's clock was from AWS's at the last sign-in or refresh (no secret). */
  clock?: ClockView;
}

export interface ClockView {
  /** Server time minus this machine's time, ms: positive when this clock is behind. */
  offsetMs: number;
  /** ISO-8601, when it was measured. */
  checkedAt: string;
  /** One sentence saying the clock is off and what to do; absent when it is within the tolerance (2 min). */
  warning?: string;
}

export type SignInStep =
  | { kind: 'password'; username: string }
  /**
   * Managed login (hosted UI): the system browser was opened at `url` (the authorize address: it holds the
   * PKCE challenge and state, no secret) and the flow waits for the loopback redirect. The renderer shows
   * the address as a fallback link and answers with '' to wait for the outcome.
   */
  | { kind: 'browser'; url: string; identityProvider?: string }
  | { kind: 'totp-code' }
  | { kind: 'sms-code'; destination?: string }
  | { kind: 'email-code'; destination?: string }
  | { kind: 'select-mfa'; options: MfaType[] }
  | { kind: 'mfa-setup'; otpauthUri: string; secret: string }
  | { kind: 'new-password'; policy?: PasswordPolicy; requiredAttributes: string[] }
  | { kind: 'done'; session: SessionView }
  | { kind: 'failed'; message: string; hint?: string };

/** A step plus the flow it belongs to and, after a refused answer, why it was refused. */
export interface SignInProgress {
  flowId: string;
  step: SignInStep;
  retryReason?: string;
}

export interface ProfileView {
  name: string;
  account: string;
  roleArn?: string;
  region: string;
  /** False when something shadows it (a same-named section in ~/.aws/credentials, for example). */
  effective: boolean;
  warning?: string;
}

export interface Settings {
  activeProfileName: string;
  allowDefaultProfile: boolean;
  notificationLeadMinutes: number;
  launchAtLogin: boolean;
  startHidden: boolean;
  /** What a credential-process hand-off does: bring the window forward, or only notify. */
  handOff: 'window' | 'notify';
}

export interface ActivityEntry {
  at: string;
  account?: string;
  kind: 'sign-in' | 'sign-in-failed' | 'sign-out' | 'refresh' | 'refresh-failed' | 'account' | 'profile';
  message: string;
}

export interface AccountCheck {
  userPool: { ok: boolean; message: string };
  identityPool: { ok: boolean; message: string };
}

export interface MfaStatus {
  enabled: MfaType[];
  preferred?: MfaType;
}

/** Where Cognito sent a confirmation code (masked, as Cognito returns it). */
export interface CodeDelivery {
  destination?: string;
  medium?: string;
}

export interface SignUpInput {
  username: string;
  password: string;
  email?: string;
  /** Extra user attributes, e.g. `custom:tenant_id`. */
  attributes?: Record<string, string>;
}

export interface AppApi {
  listAccounts(): Promise<AccountView[]>;
  getAccount(name: string): Promise<AccountView>;
  /** `clientSecret` (typed by the person) goes straight to the keychain; `hasClientSecret` follows it. */
  addAccount(account: AccountInput, clientSecret?: string): Promise<AccountView>;
  updateAccount(name: string, account: AccountInput, clientSecret?: string): Promise<AccountView>;
  removeAccount(name: string): Promise<void>;
  /** Contents of an administrator's JSON file (the renderer reads the file the person picked). */
  importAccounts(json: string): Promise<AccountView[]>;
  checkAccount(account: AccountInput): Promise<AccountCheck>;

  signInStart(name: string, username?: string): Promise<SignInProgress>;
  signInAnswer(flowId: string, answer: string): Promise<SignInProgress>;
  signInCancel(flowId: string): Promise<void>;
  signOut(name: string): Promise<void>;

  setActiveAccount(name: string): Promise<void>;
  setDefaultRole(name: string, roleArn: string | null): Promise<AccountView>;
  listProfiles(): Promise<ProfileView[]>;
  addProfile(account: string, roleArn: string, profileName?: string): Promise<ProfileView>;
  removeProfile(profileName: string): Promise<void>;
  /** `export AWS_...` lines for a shell, built from a credential-process reference, never the keys themselves. */
  exportLines(name: string): Promise<string>;

  /** Self-service (user pool): sign-up, password reset and change, MFA management. */
  getPasswordPolicy(name: string): Promise<PasswordPolicy | null>;
  signUp(name: string, input: SignUpInput): Promise<{ confirmed: boolean; delivery?: CodeDelivery }>;
  confirmSignUp(name: string, username: string, code: string): Promise<void>;
  resendSignUpCode(name: string, username: string): Promise<CodeDelivery>;
  forgotPassword(name: string, username: string): Promise<CodeDelivery>;
  confirmForgotPassword(name: string, username: string, code: string, newPassword: string): Promise<void>;
  /** Needs a signed-in session of the account. */
  changePassword(name: string, currentPassword: string, newPassword: string): Promise<void>;
  getMfaStatus(name: string): Promise<MfaStatus>;
  /** Starts TOTP enrolment for a signed-in user; the one other place a TOTP seed travels outward. */
  startTotpEnrolment(name: string): Promise<{ otpauthUri: string; secret: string }>;
  verifyTotpEnrolment(name: string, code: string): Promise<MfaStatus>;
  disableTotp(name: string): Promise<MfaStatus>;
  setPreferredMfa(name: string, type: MfaType): Promise<MfaStatus>;

  /** Opens the AWS console for the account (and role) in the system browser. The sign-in URL grants access: it is built and opened in the main process and never returned. */
  openConsole(name: string, roleArn?: string): Promise<void>;

  getSettings(): Promise<Settings>;
  setSettings(settings: Partial<Settings>): Promise<Settings>;
  listActivity(limit?: number): Promise<ActivityEntry[]>;
}

export type AppMethod = keyof AppApi;

export interface AppEvents {
  /** Something about accounts or sessions changed; the UI re-reads what it shows. */
  'accounts-changed': { reason: string };
  /** credential-process (or the tray) asked for an interactive sign-in of this account. */
  'sign-in-requested': { account: string };
  activity: ActivityEntry;
}

export type AppEventName = keyof AppEvents;
