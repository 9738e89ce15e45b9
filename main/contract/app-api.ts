/**
 * The one contract between the UI and the broker core. Electron IPC (preload → main) and the local HTTP/SSE
 * bridge (browser development, end-to-end tests) both carry exactly these calls and events, and both go
 * through the same `dispatch()` which validates every argument with a schema.
 *
 * Nothing here carries a token, secret key or password outward. The only secrets that travel inward are the
 * ones a person types (password, codes) in `signIn*` answers; the TOTP enrolment secret travels outward once,
 * inside the `mfa-setup` step, because the person must see it to enrol.
 */
import type { AccountInput } from './account-input.js';
import type { AccountView } from './account-view.js';
import type { ActivityEntry } from './activity-entry.js';
import type { MfaStatus, MfaType } from './mfa.js';
import type { PasswordPolicy } from './password-policy.js';
import type { ProfileView } from './profile-view.js';
import type { SessionView } from './session-state.js';
import type { Settings } from './settings.js';
import type { DeviceView, FirstFactor, PasskeyView } from './sign-in-method.js';

// The value types live in their own files so core modules can use them without this API file; they are
// re-exported here so a caller of the API finds every type it names in one place.
export type { AccountEndpoints, AccountInput, BasicFlowSettings, HostedUiSettings } from './account-input.js';
export type { AccountView } from './account-view.js';
export type { ActivityEntry } from './activity-entry.js';
export type { MfaStatus, MfaType } from './mfa.js';
export type { PasswordPolicy } from './password-policy.js';
export type { ProfileView } from './profile-view.js';
export type { ClockView, RoleView, SessionState, SessionView } from './session-state.js';
export type { Settings } from './settings.js';
export type { DeviceView, FirstFactor, PasskeyView, RememberDeviceAnswer } from './sign-in-method.js';

export type SignInStep =
  | { kind: 'password'; username: string }
  /**
   * Managed login (hosted UI): the system browser was opened at `url` (the authorize address: it holds the
   * PKCE challenge and state, no secret) and the flow waits for the loopback redirect. The renderer shows
   * the address as a fallback link and answers with '' to wait for the outcome.
   */
  | { kind: 'browser'; url: string; identityProvider?: string }
  | { kind: 'totp-code' }
  /**
   * A one-time code sent by text message or e-mail. `canResend` is set for a first-factor code (USER_AUTH
   * SMS_OTP / EMAIL_OTP): answering SEND_NEW_CODE asks Cognito for a new code instead.
   */
  | { kind: 'sms-code'; destination?: string; canResend?: boolean }
  | { kind: 'email-code'; destination?: string; canResend?: boolean }
  | { kind: 'select-mfa'; options: MfaType[] }
  /** USER_AUTH's SELECT_CHALLENGE: the first factors the pool offers this user; answer with one of them. */
  | { kind: 'select-factor'; options: FirstFactor[] }
  /** The pool leaves device remembering to the user: answer 'yes' or 'no' (REMEMBER_DEVICE_ANSWERS). */
  | { kind: 'remember-device' }
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

export interface AccountCheck {
  userPool: { ok: boolean; message: string };
  identityPool: { ok: boolean; message: string };
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

/**
 * The credentials endpoint's variables for one account. The window gets the token FILE's path, never the
 * token: the shell lines read the file when they run (`$(cat …)`), and IDEs and containers take the path as
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE. What reaches the renderer (and the clipboard) is as harmless as
 * the file's name; only this user can read the file.
 */
export interface EndpointVariablesView {
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI */
  url: string;
  /** AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE */
  tokenFile: string;
  /** POSIX shell lines to copy. */
  shell: string;
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

  /** `method` (USER_AUTH accounts): the first factor for this sign-in, overriding the account's preference. */
  signInStart(name: string, username?: string, method?: FirstFactor): Promise<SignInProgress>;
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
  /** Where the running credentials endpoint serves the account's default role (see EndpointVariablesView). */
  endpointVariables(name: string): Promise<EndpointVariablesView>;

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
  /** The signed-in user's passkeys (ListWebAuthnCredentials). */
  listPasskeys(name: string): Promise<PasskeyView[]>;
  /** Deletes one passkey (DeleteWebAuthnCredential) and answers the list that remains. */
  deletePasskey(name: string, credentialId: string): Promise<PasskeyView[]>;
  /** Whether this computer is a remembered device for the account (read from the keychain, no secret). */
  getDevice(name: string): Promise<DeviceView>;
  /** "Forget this computer": ForgetDevice at the pool (when signed in) and the device's keychain entries. */
  forgetDevice(name: string): Promise<DeviceView>;

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
