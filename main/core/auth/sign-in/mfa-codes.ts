import { BrokerError } from '../../errors.js';
import type { MfaType, Prompt } from '../prompter.js';
import { jsonList, type Challenge, type SignInContext, type Step } from './sign-in-context.js';

const MFA_TYPES: readonly MfaType[] = ['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP'];

/** Ask a code for `challenge` and answer it in `field`; a wrong code is asked again with the reason. */
export function answerCode(ctx: SignInContext, challenge: Challenge, prompt: Prompt, field: string): Promise<Step> {
  return ctx.withRetries(
    prompt,
    (answer) => ctx.respond(challenge.name, challenge.session, { [field]: answer.trim() }, 'challenge'),
    (answer) => (answer.trim() === '' ? 'Enter the code.' : undefined),
  );
}

export function answerTotpMfa(ctx: SignInContext, challenge: Challenge): Promise<Step> {
  return answerCode(ctx, challenge, { kind: 'totp-code' }, 'SOFTWARE_TOKEN_MFA_CODE');
}

export function answerSmsMfa(ctx: SignInContext, challenge: Challenge): Promise<Step> {
  return answerCode(ctx, challenge, withDestination('sms-code', challenge.parameters.CODE_DELIVERY_DESTINATION), 'SMS_MFA_CODE');
}

/** EMAIL_OTP as a second factor (after a password); USER_AUTH's first-factor EMAIL_OTP is one-time-codes.ts. */
export function answerEmailMfa(ctx: SignInContext, challenge: Challenge): Promise<Step> {
  return answerCode(ctx, challenge, withDestination('email-code', challenge.parameters.CODE_DELIVERY_DESTINATION), 'EMAIL_OTP_CODE');
}

export async function selectMfa(ctx: SignInContext, challenge: Challenge): Promise<Step> {
  const offered = jsonList(challenge.parameters.MFAS_CAN_CHOOSE).filter((t): t is MfaType => (MFA_TYPES as readonly string[]).includes(t));
  if (offered.length === 0) {
    throw new BrokerError('auth-challenge', 'The user pool asks to choose an MFA method but offers none Cognito Broker supports.', {
      hint: 'Ask the pool administrator to enable TOTP, SMS or e-mail codes for your user.',
    });
  }
  const choice = await ctx.withRetries(
    { kind: 'select-mfa', options: offered },
    (answer) => Promise.resolve(answer.trim() as MfaType),
    (answer) => ((offered as string[]).includes(answer.trim()) ? undefined : `Choose one of: ${offered.join(', ')}.`),
  );
  ctx.info(`Using ${choice}.`);
  return ctx.respond('SELECT_MFA_TYPE', challenge.session, { ANSWER: choice }, 'challenge');
}

export function withDestination(kind: 'sms-code' | 'email-code', destination: string | undefined): Prompt {
  return destination ? { kind, destination } : { kind };
}
