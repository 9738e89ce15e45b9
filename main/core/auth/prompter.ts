/**
 * The sign-in state machine asks for everything it needs through this port, so the terminal, scripts
 * (flags and stdin) and the desktop window drive the same code. A prompter answers with the string typed
 * by the person; it throws BrokerError('cancelled') when the person gives up.
 */
import type { MfaType } from '../../contract/mfa.js';
import type { PasswordPolicy } from '../../contract/password-policy.js';
import type { FirstFactor } from '../../contract/sign-in-method.js';

// Shared with the window, which shows the same choices and rules: defined once in the contract.
export type { MfaType, PasswordPolicy };

export type Prompt =
  | { kind: 'username' }
  | { kind: 'password'; username: string }
  | { kind: 'totp-code' }
  /** `canResend`: a first-factor code (USER_AUTH), where answering SEND_NEW_CODE asks for a new one. */
  | { kind: 'sms-code'; destination?: string; canResend?: boolean }
  | { kind: 'email-code'; destination?: string; canResend?: boolean }
  | { kind: 'select-mfa'; options: MfaType[] }
  /** USER_AUTH's SELECT_CHALLENGE, as the first factors the pool offers; answered with one of them. */
  | { kind: 'select-factor'; options: FirstFactor[] }
  /** The pool leaves device remembering to the user: answered 'yes' or 'no'. */
  | { kind: 'remember-device' }
  /** TOTP enrolment: show `otpauthUri` (and a QR code of it) and `secret`, answer with the first code. */
  | { kind: 'mfa-setup'; otpauthUri: string; secret: string }
  | { kind: 'new-password'; policy?: PasswordPolicy; requiredAttributes: string[] };

export type PromptKind = Prompt['kind'];

export interface Prompter {
  /**
   * Ask for one answer. `retryReason` is set when the previous answer to the same prompt was refused
   * (for example "That code is not right. Try the current code.").
   */
  ask(prompt: Prompt, retryReason?: string): Promise<string>;
  /** Progress the person may want to see ("Signing in…", "Enrolled TOTP"); never a secret. */
  info?(message: string): void;
}
