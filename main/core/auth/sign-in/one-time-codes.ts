import { BrokerError, isBrokerError } from '../../errors.js';
import { SEND_NEW_CODE } from '../../../contract/sign-in-method.js';
import { answerEmailMfa } from './mfa-codes.js';
import { MAX_ANSWERS_PER_PROMPT, type Challenge, type SignInContext, type Step } from './sign-in-context.js';
import { callUserAuth } from './user-auth.js';

/** New codes one sign-in may ask for: each one is a message to the person's inbox or phone. */
export const MAX_NEW_CODES = 3;

/** EMAIL_OTP is both USER_AUTH's first factor and an MFA code after a password; the sign-in's state tells which. */
export function answerEmailOtp(ctx: SignInContext, challenge: Challenge): Promise<Step> {
  return ctx.firstFactorPending ? answerFirstFactorCode(ctx, challenge) : answerEmailMfa(ctx, challenge);
}

/**
 * A first-factor code (USER_AUTH EMAIL_OTP / SMS_OTP), answered as EMAIL_OTP_CODE / SMS_OTP_CODE with the
 * masked CODE_DELIVERY_DESTINATION shown
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html).
 * A wrong code is asked again, as the MFA codes are. SEND_NEW_CODE asks for a new code: the sign-in API
 * has no resend call for sign-in codes (ResendConfirmationCode is for sign-up), so the client starts
 * USER_AUTH again with the same PREFERRED_CHALLENGE, which sends a fresh code under a fresh Session
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html).
 */
export async function answerFirstFactorCode(ctx: SignInContext, challenge: Challenge): Promise<Step> {
  const kind = challenge.name === 'SMS_OTP' ? 'sms-code' : 'email-code';
  let current = challenge;
  let retryReason: string | undefined;
  let wrong = 0;
  let newCodes = 0;
  for (;;) {
    const destination = current.parameters.CODE_DELIVERY_DESTINATION;
    const answer = (await ctx.ask({ kind, ...(destination ? { destination } : {}), canResend: true }, retryReason)).trim();
    if (answer === SEND_NEW_CODE) {
      if (newCodes >= MAX_NEW_CODES) {
        throw new BrokerError('too-many-requests', 'Enough new codes were sent for this sign-in.', {
          hint: 'Wait a few minutes, then start the sign-in again.',
        });
      }
      newCodes += 1;
      current = await newCode(ctx, current.name);
      const to = current.parameters.CODE_DELIVERY_DESTINATION;
      ctx.info(to ? `A new code was sent to ${to}.` : 'A new code was sent.');
      retryReason = undefined;
      continue;
    }
    let failure: BrokerError;
    if (answer === '') failure = new BrokerError('invalid-argument', 'Enter the code.');
    else {
      try {
        const step = await ctx.respond(current.name, current.session, { [`${current.name}_CODE`]: answer }, 'challenge');
        ctx.firstFactorPending = false;
        return step;
      } catch (error) {
        if (!isBrokerError(error)) throw error;
        // An expired code can be replaced by a new one in this same sign-in: say so instead of ending it.
        if (error.code === 'code-expired') {
          retryReason = 'That code has expired. Ask for a new one.';
          continue;
        }
        if (error.code !== 'code-mismatch') throw error;
        failure = error;
      }
    }
    wrong += 1;
    if (wrong >= MAX_ANSWERS_PER_PROMPT) throw failure;
    retryReason = failure.hint ? `${failure.message} ${failure.hint}` : failure.message;
  }
}

async function newCode(ctx: SignInContext, name: string): Promise<Challenge> {
  let step = await callUserAuth(ctx, { PREFERRED_CHALLENGE: name });
  // A pool may answer a preference with its list instead; choosing the same factor there sends the code.
  if ('challenge' in step && step.challenge.name === 'SELECT_CHALLENGE' && (step.challenge.available ?? []).includes(name)) {
    step = await ctx.respond('SELECT_CHALLENGE', step.challenge.session, { ANSWER: name }, 'challenge');
  }
  if ('challenge' in step && step.challenge.name === name) return step.challenge;
  throw new BrokerError('auth-challenge', 'The user pool did not send a new code.', { hint: 'Start the sign-in again.' });
}
