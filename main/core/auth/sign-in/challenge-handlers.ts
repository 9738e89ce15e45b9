import { BrokerError } from '../../errors.js';
import { answerDeviceSrp } from './device-checks.js';
import { answerSmsMfa, answerTotpMfa, selectMfa } from './mfa-codes.js';
import { setUpTotp } from './mfa-setup.js';
import { answerNewPassword } from './new-password.js';
import { answerEmailOtp, answerFirstFactorCode } from './one-time-codes.js';
import { passkeyFactor } from './passkey.js';
import { selectFactor } from './user-auth.js';
import type { Challenge, SignInContext, Step } from './sign-in-context.js';

/** Answers one challenge Cognito returned and resolves with what Cognito answered next. */
export type ChallengeHandler = (ctx: SignInContext, challenge: Challenge) => Promise<Step>;

/**
 * Which module answers which challenge: the one place a new challenge family plugs in. A challenge missing
 * here ends the sign-in with a clear error (unsupportedChallenge).
 */
export const CHALLENGE_HANDLERS: Readonly<Record<string, ChallengeHandler>> = {
  SOFTWARE_TOKEN_MFA: answerTotpMfa,
  SMS_MFA: answerSmsMfa,
  // A first factor under USER_AUTH, an MFA code after a password otherwise (one-time-codes.ts tells them apart).
  EMAIL_OTP: answerEmailOtp,
  SELECT_MFA_TYPE: selectMfa,
  MFA_SETUP: setUpTotp,
  NEW_PASSWORD_REQUIRED: answerNewPassword,
  // USER_AUTH (choice-based sign-in): the choice, the first-factor SMS code, and a passkey.
  SELECT_CHALLENGE: selectFactor,
  SMS_OTP: answerFirstFactorCode,
  WEB_AUTHN: passkeyFactor,
  // Remembered devices (main/core/auth/devices): DEVICE_SRP_AUTH, answered together with the
  // DEVICE_PASSWORD_VERIFIER that follows it; that one never comes first, so it has no entry of its own.
  DEVICE_SRP_AUTH: answerDeviceSrp,
};

export function answerChallenge(ctx: SignInContext, challenge: Challenge): Promise<Step> {
  // Later challenges name the user too; keep the pool's name for USERNAME and SECRET_HASH.
  ctx.learnUsername(challenge.parameters);
  const handler = Object.hasOwn(CHALLENGE_HANDLERS, challenge.name) ? CHALLENGE_HANDLERS[challenge.name] : undefined;
  if (handler) return handler(ctx, challenge);
  return Promise.reject(
    new BrokerError('auth-challenge', `The user pool asks for a ${challenge.name} step, which Cognito Broker does not support.`, {
      hint: 'Ask the pool administrator which sign-in steps your user needs.',
    }),
  );
}
