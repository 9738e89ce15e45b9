import type { PasswordPolicy } from '../../../main/core/auth/prompter.js';

export interface PolicyCheck {
  label: string;
  met: boolean;
}

/** Cognito's symbol set for password policies. */
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** One line per rule of the pool's policy, met or not, for the checklist shown as the person types. */
export function checkPassword(password: string, policy: PasswordPolicy | undefined): PolicyCheck[] {
  const checks: PolicyCheck[] = [];
  const min = policy?.minimumLength;
  if (min) checks.push({ label: `At least ${min} characters`, met: password.length >= min });
  if (policy?.requireLowercase) checks.push({ label: 'A lowercase letter', met: /[a-z]/.test(password) });
  if (policy?.requireUppercase) checks.push({ label: 'An uppercase letter', met: /[A-Z]/.test(password) });
  if (policy?.requireNumbers) checks.push({ label: 'A number', met: /\d/.test(password) });
  if (policy?.requireSymbols) checks.push({ label: 'A symbol such as ! or #', met: SYMBOLS.test(password) });
  return checks;
}
