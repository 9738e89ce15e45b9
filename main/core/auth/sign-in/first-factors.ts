import { FIRST_FACTORS, FIRST_FACTOR_LABELS, type FirstFactor } from '../../../contract/sign-in-method.js';

/** USER_AUTH's first-factor challenge names (API reference, ChallengeNameType). */
export type FactorChallenge = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

/**
 * Cognito's names → the broker's. PASSWORD and PASSWORD_SRP are one choice for a person ('password'): the
 * broker answers it with PASSWORD_SRP, so the password stays on the machine (user-auth.ts).
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html (AvailableChallenges)
 */
const FACTOR_OF: Readonly<Record<string, FirstFactor>> = {
  PASSWORD: 'password',
  PASSWORD_SRP: 'password',
  EMAIL_OTP: 'email-code',
  SMS_OTP: 'sms-code',
  WEB_AUTHN: 'passkey',
};

/** The factors a SELECT_CHALLENGE offers, in the broker's fixed order; challenges it does not know are left out. */
export function offeredFactors(available: readonly string[]): FirstFactor[] {
  return FIRST_FACTORS.filter((factor) => available.some((name) => Object.hasOwn(FACTOR_OF, name) && FACTOR_OF[name] === factor));
}

export function codeChallengeOf(factor: 'email-code' | 'sms-code'): 'EMAIL_OTP' | 'SMS_OTP' {
  return factor === 'email-code' ? 'EMAIL_OTP' : 'SMS_OTP';
}

/** "Code by e-mail" → "code by e-mail", for the middle of a sentence. */
export function factorText(factor: FirstFactor): string {
  const label = FIRST_FACTOR_LABELS[factor];
  return label.charAt(0).toLowerCase() + label.slice(1);
}
