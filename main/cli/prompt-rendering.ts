import { FIRST_FACTOR_LABELS } from '../contract/sign-in-method.js';
import { toString as qrToString } from 'qrcode';
import type { MfaType, PasswordPolicy, Prompt } from '../core/auth/prompter.js';

/*
 * What the terminal shows for sign-in and self-service prompts: questions, factor names, password rules, the
 * TOTP key and QR code. Pure apart from drawing the QR code.
 */

/** What a person types at a sign-in code prompt for a new code (the prompt says so). */
export const RESEND_WORD = 'resend';

/** The factors' names as the terminal lists them. */
export const MFA_LABELS: Record<MfaType, string> = {
  SOFTWARE_TOKEN_MFA: 'Authenticator app (TOTP code)',
  SMS_MFA: 'Text message (SMS code)',
  EMAIL_OTP: 'E-mail (code)',
};

/** The requirements of a pool's password policy as a phrase, or '' when nothing is known. */
export function describePasswordPolicy(policy: PasswordPolicy | undefined): string {
  if (!policy) return '';
  const parts: string[] = [];
  if (policy.minimumLength) parts.push(`at least ${policy.minimumLength} characters`);
  if (policy.requireUppercase) parts.push('an uppercase letter');
  if (policy.requireLowercase) parts.push('a lowercase letter');
  if (policy.requireNumbers) parts.push('a number');
  if (policy.requireSymbols) parts.push('a symbol');
  return parts.join(', ');
}

/** Groups a base32 key in fours so a person can type it into an authenticator app. */
export function groupKey(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

export async function renderQrCode(text: string): Promise<string> {
  return qrToString(text, { type: 'terminal', small: true });
}

const RESEND_HINT = ` (or "${RESEND_WORD}" for a new one)`;

export interface RenderedPrompt {
  /** Lines shown before the question (explanations, the QR code, the list of choices). */
  preamble: string;
  /** The question itself, on the line where the person types. */
  question: string;
  hidden: boolean;
  /** Asked a second time and compared (new passwords). */
  confirm?: string;
}

/** What the terminal shows for one prompt. Pure apart from drawing the QR code, so it is tested directly. */
export async function renderPrompt(prompt: Prompt, retryReason?: string): Promise<RenderedPrompt> {
  const retry = retryReason ? `${retryReason}\n` : '';
  switch (prompt.kind) {
    case 'username':
      return { preamble: retry, question: 'Username: ', hidden: false };
    case 'password':
      return { preamble: retry, question: `Password for ${prompt.username}: `, hidden: true };
    case 'totp-code':
      return { preamble: retry, question: 'Code from your authenticator app: ', hidden: false };
    case 'sms-code':
      return {
        preamble: retry,
        question: `Code sent by text message${prompt.destination ? ` to ${prompt.destination}` : ''}${prompt.canResend ? RESEND_HINT : ''}: `,
        hidden: false,
      };
    case 'email-code':
      return {
        preamble: retry,
        question: `Code sent by e-mail${prompt.destination ? ` to ${prompt.destination}` : ''}${prompt.canResend ? RESEND_HINT : ''}: `,
        hidden: false,
      };
    case 'select-mfa': {
      const lines = prompt.options.map((option, i) => `  ${i + 1}) ${MFA_LABELS[option] ?? option}`);
      return {
        preamble: `${retry}How do you want to confirm this sign-in?\n${lines.join('\n')}\n`,
        question: `Choose 1-${prompt.options.length}: `,
        hidden: false,
      };
    }
    case 'mfa-setup': {
      const qr = await renderQrCode(prompt.otpauthUri);
      return {
        preamble:
          `${retry}This account must set up an authenticator app (TOTP) before it can sign in.\n` +
          'Scan this QR code with the app:\n\n' +
          `${qr}\n` +
          `Or add this link: ${prompt.otpauthUri}\n` +
          `Or type this key: ${groupKey(prompt.secret)}\n`,
        question: 'First code the app shows: ',
        hidden: false,
      };
    }
    case 'new-password': {
      const rules = describePasswordPolicy(prompt.policy);
      const attributes = prompt.requiredAttributes.length ? `The pool also requires: ${prompt.requiredAttributes.join(', ')}.\n` : '';
      return {
        preamble: `${retry}You must choose a new password.\n${rules ? `It needs ${rules}.\n` : ''}${attributes}`,
        question: 'New password: ',
        hidden: true,
        confirm: 'Repeat the new password: ',
      };
    }
    case 'select-factor': {
      const lines = prompt.options.map((option, i) => `  ${i + 1}) ${FIRST_FACTOR_LABELS[option]}`);
      return {
        preamble: `${retry}How do you want to sign in?\n${lines.join('\n')}\n`,
        question: `Choose 1-${prompt.options.length}: `,
        hidden: false,
      };
    }
    case 'remember-device':
      return { preamble: retry, question: 'Remember this computer, so later sign-ins here can skip MFA? [y/N]: ', hidden: false };
  }
}
