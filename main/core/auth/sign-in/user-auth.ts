import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { BrokerError } from '../../errors.js';
import { startSrp } from '../srp.js';
import type { FirstFactor } from '../../../contract/sign-in-method.js';
import { codeChallengeOf, factorText, offeredFactors } from './first-factors.js';
import { answerPasswordVerifier } from './password-initiation.js';
import { passkeyFactor } from './passkey.js';
import type { Challenge, SignInContext, Step } from './sign-in-context.js';

/**
 * Choice-based sign-in, `AuthFlow: USER_AUTH`. What AWS documents and this follows:
 *
 * - InitiateAuth USER_AUTH takes USERNAME and, optionally, PREFERRED_CHALLENGE; "If you don't provide a value
 *   for PREFERRED_CHALLENGE, Amazon Cognito responds with the AvailableChallenges parameter that specifies the
 *   available sign-in methods" (SELECT_CHALLENGE).
 *   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 * - PASSWORD_SRP is answered up front with SRP_A (then PASSWORD_VERIFIER), PASSWORD with PASSWORD; a
 *   SELECT_CHALLENGE is answered with ANSWER (one of AvailableChallenges) plus the same parameters.
 *   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 *   https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html
 * - The broker's 'password' is always PASSWORD_SRP (the password never leaves the machine, as with the
 *   `srp` flow); plain PASSWORD only when a pool's SELECT_CHALLENGE offers PASSWORD without PASSWORD_SRP.
 * - MFA follows a password only; a one-time code or a passkey ends the sign-in ("Authentication flows",
 *   https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html).
 */
export function initiateUserAuth(ctx: SignInContext, username: string): Promise<Step> {
  ctx.firstFactorPending = true;
  ctx.typedUsername = username;
  const factor = ctx.options.method ?? ctx.account.firstFactor;
  if (factor === undefined) return callUserAuth(ctx, {});
  switch (factor) {
    case 'password':
      return passwordFactor(ctx, undefined);
    case 'email-code':
    case 'sms-code':
      return callUserAuth(ctx, { PREFERRED_CHALLENGE: codeChallengeOf(factor) });
    case 'passkey':
      // sign-in.ts sends a passkey asked for up front to managed login before this point.
      return passkeyFactor(ctx);
  }
}

/** InitiateAuth USER_AUTH for the name typed; also how a new code and a new password try start over. */
export async function callUserAuth(ctx: SignInContext, parameters: Record<string, string>): Promise<Step> {
  const username = ctx.typedUsername;
  try {
    const out = await ctx.client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: ctx.account.clientId,
        AuthParameters: { USERNAME: username, ...parameters, ...ctx.hash(username), ...ctx.initiationExtras() },
      }),
    );
    return ctx.toStep(out);
  } catch (error) {
    throw userAuthRefusal(ctx, error, parameters.SRP_A !== undefined || parameters.PASSWORD !== undefined);
  }
}

/**
 * SELECT_CHALLENGE: the pool's AvailableChallenges as the person's choice (PASSWORD and PASSWORD_SRP shown as
 * one 'password'). A single offer is taken without asking. A factor asked for with `login --method` that the
 * pool does not offer is refused rather than silently replaced.
 */
export async function selectFactor(ctx: SignInContext, challenge: Challenge): Promise<Step> {
  const available = challenge.available ?? [];
  const offered = offeredFactors(available);
  if (offered.length === 0) {
    throw new BrokerError('auth-challenge', 'The user pool offers this user no way to sign in that Cognito Broker supports.', {
      hint: 'Ask the pool administrator which sign-in methods your user has.',
    });
  }
  const requested = ctx.options.method;
  if (requested !== undefined && !offered.includes(requested)) {
    throw new BrokerError('auth-challenge', `The user pool does not offer sign-in with ${factorText(requested)} to this user.`, {
      hint: `Use one it offers, for example \`cognito-broker login ${ctx.account.name} --method ${offered[0]}\`.`,
    });
  }
  const preferred = ctx.account.firstFactor;
  if (preferred !== undefined && !offered.includes(preferred)) ctx.info(`Sign-in with ${factorText(preferred)} is not offered to this user.`);
  let choice: FirstFactor;
  if (requested !== undefined) choice = requested;
  else if (offered.length === 1) choice = offered[0] as FirstFactor;
  else {
    choice = await ctx.withRetries(
      { kind: 'select-factor', options: offered },
      (answer) => Promise.resolve(answer.trim() as FirstFactor),
      (answer) => ((offered as string[]).includes(answer.trim()) ? undefined : `Choose one of: ${offered.join(', ')}.`),
    );
  }
  switch (choice) {
    case 'password':
      return passwordFactor(ctx, { session: challenge.session, plain: !available.includes('PASSWORD_SRP') });
    case 'email-code':
    case 'sms-code':
      return ctx.respond('SELECT_CHALLENGE', challenge.session, { ANSWER: codeChallengeOf(choice) }, 'challenge');
    case 'passkey':
      return passkeyFactor(ctx);
  }
}

/**
 * The password as a first factor. The first try answers the SELECT_CHALLENGE it came from (when it did); a
 * refused password ends that Cognito session, so a second try starts over with PREFERRED_CHALLENGE.
 */
function passwordFactor(ctx: SignInContext, selected: { session: string | undefined; plain: boolean } | undefined): Promise<Step> {
  let pending = selected;
  const plain = selected?.plain ?? false;
  return ctx.withRetries(
    { kind: 'password', username: ctx.typedUsername },
    async (password) => {
      const via = pending;
      pending = undefined;
      // A device record the pool refuses is dropped and the password sent again without it; the refusal ended
      // the SELECT_CHALLENGE session, so that second call starts over (devices/device-sign-in.ts).
      let session = via?.session;
      const step = await ctx.devices.withDevice(() => {
        const answering = session;
        session = undefined;
        return plain ? plainPassword(ctx, password, answering) : srpPassword(ctx, password, answering);
      });
      ctx.firstFactorPending = 'challenge' in step && step.challenge.name === 'SELECT_CHALLENGE';
      return step;
    },
    (password) => (password === '' ? 'Enter your password.' : undefined),
  );
}

async function srpPassword(ctx: SignInContext, password: string, selectSession: string | undefined): Promise<Step> {
  const srp = startSrp(ctx.typedUsername, password, ctx.account.userPoolId);
  const step =
    selectSession === undefined
      ? await callUserAuth(ctx, { PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: srp.srpA })
      : await ctx.respond('SELECT_CHALLENGE', selectSession, { ANSWER: 'PASSWORD_SRP', SRP_A: srp.srpA }, 'sign-in');
  if (!('challenge' in step) || step.challenge.name !== 'PASSWORD_VERIFIER') return step;
  return answerPasswordVerifier(ctx, srp, step.challenge);
}

function plainPassword(ctx: SignInContext, password: string, selectSession: string | undefined): Promise<Step> {
  return selectSession === undefined
    ? callUserAuth(ctx, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: password })
    : ctx.respond('SELECT_CHALLENGE', selectSession, { ANSWER: 'PASSWORD', PASSWORD: password }, 'sign-in');
}

/**
 * What a refused InitiateAuth USER_AUTH means to a person. An app client without ALLOW_USER_AUTH answers
 * "USER_AUTH flow not enabled for this client" (API reference, InitiateAuth errors; ExplicitAuthFlows in
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html).
 */
function userAuthRefusal(ctx: SignInContext, error: unknown, sentPassword: boolean): BrokerError {
  const e = (error ?? {}) as { name?: unknown; message?: unknown };
  if (e.name === 'InvalidParameterException' && typeof e.message === 'string' && /USER_AUTH|not enabled/i.test(e.message)) {
    return new BrokerError('auth-failed', `The app client of account ${ctx.account.name} does not allow choice-based sign-in (USER_AUTH).`, {
      hint: `Ask the administrator to enable ALLOW_USER_AUTH on the app client, or run \`cognito-broker account update ${ctx.account.name} --auth-flow srp\`.`,
      cause: error,
    });
  }
  const mapped = ctx.fail(error, 'sign-in');
  if (mapped.code === 'wrong-password' && !sentPassword) {
    // Without a password in the request Cognito's NotAuthorizedException cannot be about one.
    return new BrokerError('auth-failed', 'The user pool refused to start a sign-in for this user.', {
      hint: 'Check the username; if it is right, ask the pool administrator which sign-in methods your user has.',
      cause: error,
    });
  }
  return mapped;
}
