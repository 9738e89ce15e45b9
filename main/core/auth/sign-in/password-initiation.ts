import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { BrokerError } from '../../errors.js';
import { startSrp, type SrpExchange } from '../srp.js';
import type { Challenge, SignInContext, Step } from './sign-in-context.js';

/**
 * The classic first step: ask the password, then USER_PASSWORD_AUTH when the account opts in, or
 * USER_SRP_AUTH (the default: the password never leaves the machine) answered with PASSWORD_VERIFIER.
 * A wrong password is asked again (SignInContext.withRetries).
 */
export function initiateWithPassword(ctx: SignInContext, username: string): Promise<Step> {
  return ctx.withRetries(
    { kind: 'password', username },
    // A device record the pool refuses while the password is proven is dropped and the password sent once more without it.
    (password) =>
      ctx.devices.withDevice(() => (ctx.account.authFlow === 'password' ? plainPassword(ctx, username, password) : srpPassword(ctx, username, password))),
    (password) => (password === '' ? 'Enter your password.' : undefined),
  );
}

async function plainPassword(ctx: SignInContext, username: string, password: string): Promise<Step> {
  try {
    const out = await ctx.client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: ctx.account.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password, ...ctx.hash(username), ...ctx.initiationExtras() },
      }),
    );
    return ctx.toStep(out);
  } catch (error) {
    throw ctx.fail(error, 'sign-in');
  }
}

async function srpPassword(ctx: SignInContext, username: string, password: string): Promise<Step> {
  const srp = startSrp(username, password, ctx.account.userPoolId);
  let step: Step;
  try {
    const out = await ctx.client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: ctx.account.clientId,
        AuthParameters: { USERNAME: username, SRP_A: srp.srpA, ...ctx.hash(username), ...ctx.initiationExtras() },
      }),
    );
    step = ctx.toStep(out);
  } catch (error) {
    throw ctx.fail(error, 'sign-in');
  }
  if (!('challenge' in step) || step.challenge.name !== 'PASSWORD_VERIFIER') return step;
  return answerPasswordVerifier(ctx, srp, step.challenge);
}

/**
 * PASSWORD_VERIFIER: prove the password with the SRP exchange started for this sign-in. Shared by
 * USER_SRP_AUTH and USER_AUTH's PASSWORD_SRP, which ends in the same challenge.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 */
export async function answerPasswordVerifier(ctx: SignInContext, srp: SrpExchange, challenge: Challenge): Promise<Step> {
  const userId = challenge.parameters.USER_ID_FOR_SRP;
  if (!userId)
    throw new BrokerError('auth-failed', "The user pool's SRP challenge is incomplete.", {
      hint: 'Try again, or re-add the account with `--auth-flow password`.',
    });
  ctx.poolUsername = userId;
  // Device records are kept under the pool's name: a person who typed an alias is found now (as identity-js does).
  await ctx.devices.recall(userId);
  let claim;
  try {
    claim = srp.passwordClaim(challenge.parameters);
  } catch (cause) {
    throw new BrokerError('auth-failed', "The user pool's SRP challenge could not be answered (malformed or unsafe values).", {
      hint: 'Try again; if it persists, tell the pool administrator.',
      cause,
    });
  }
  return ctx.respond('PASSWORD_VERIFIER', challenge.session, { ...claim }, 'sign-in');
}
