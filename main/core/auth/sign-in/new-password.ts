import { BrokerError } from '../../errors.js';
import { passwordPolicyProblem } from '../../../contract/password-policy.js';
import { fetchPasswordPolicy } from '../password-policy.js';
import type { PasswordPolicy } from '../prompter.js';
import { jsonList, type Challenge, type SignInContext, type Step } from './sign-in-context.js';

/** NEW_PASSWORD_REQUIRED: a first sign-in with a temporary password sets a new one (checked locally against the policy first). */
export async function answerNewPassword(ctx: SignInContext, challenge: Challenge): Promise<Step> {
  const required = jsonList(challenge.parameters.requiredAttributes).map((a) => a.replace(/^userAttributes\./, ''));
  if (required.length > 0) {
    // The prompter port collects one password, not arbitrary profile fields.
    throw new BrokerError('auth-challenge', `The user pool requires these attributes before your first sign-in: ${required.join(', ')}.`, {
      hint: 'Ask the pool administrator to fill them in for your user, then sign in again.',
    });
  }
  const policy: PasswordPolicy | undefined = await fetchPasswordPolicy(ctx.account, ctx.options.env);
  return ctx.withRetries(
    { kind: 'new-password', ...(policy === undefined ? {} : { policy }), requiredAttributes: required },
    (password) => ctx.respond('NEW_PASSWORD_REQUIRED', challenge.session, { NEW_PASSWORD: password }, 'new-password'),
    (password) => (password === '' ? 'The new password cannot be empty.' : passwordPolicyProblem(password, policy)),
  );
}
