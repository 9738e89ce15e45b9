import { userPoolClient } from '../aws/clients.js';
import { BrokerError } from '../errors.js';
import { isStaleDevice, poolRefusedDevice } from './devices/stale-device.js';
import { answerChallenge } from './sign-in/challenge-handlers.js';
import { tokensOf } from './sign-in/finish.js';
import { initiateWithPassword } from './sign-in/password-initiation.js';
import { passkeyThroughBrowser } from './sign-in/passkey.js';
import { initiateUserAuth } from './sign-in/user-auth.js';
import { SignInContext, type SignInAccount, type SignInOptions, type Step } from './sign-in/sign-in-context.js';
import type { SignInTokens } from './tokens.js';

export { MAX_ANSWERS_PER_PROMPT, type SignInAccount, type SignInOptions } from './sign-in/sign-in-context.js';

/**
 * Sign a person in to the account's user pool: USER_SRP_AUTH by default (the password never leaves the
 * machine), USER_PASSWORD_AUTH when the account opts in, USER_AUTH (choice-based: password, one-time codes,
 * passkeys; sign-in/user-auth.ts) when it uses `user-auth`, then every challenge Cognito returns, in one loop,
 * each answered through the prompter by the module for its family (sign-in/challenge-handlers.ts). A refused
 * answer is asked again with a reason while Cognito keeps the challenge session alive. Resolves with the
 * tokens (secrets: keychain only); fails with a BrokerError whose message never carries a password, code,
 * token or secret.
 */
export async function signIn(account: SignInAccount, options: SignInOptions): Promise<SignInTokens> {
  const client = userPoolClient(account, options.env === undefined ? {} : { env: options.env });
  try {
    return await run(new SignInContext(account, options, client));
  } finally {
    client.destroy();
  }
}

async function run(ctx: SignInContext): Promise<SignInTokens> {
  const method = ctx.options.method;
  if (method !== undefined && ctx.account.authFlow !== 'user-auth') {
    // Only USER_AUTH lets a client choose the first factor; silently signing in another way would mislead.
    throw new BrokerError(
      'invalid-argument',
      `Choosing how to sign in is for accounts with choice-based sign-in, and ${ctx.account.name} uses ${ctx.account.authFlow}.`,
      { hint: `Switch it with \`cognito-broker account update ${ctx.account.name} --auth-flow user-auth\`.` },
    );
  }
  if (ctx.account.authFlow === 'user-auth' && (method ?? ctx.account.firstFactor) === 'passkey') return passkeyThroughBrowser(ctx);
  const typed = ctx.options.username ?? ctx.account.username ?? (await ctx.ask({ kind: 'username' }));
  const username = typed.trim();
  if (username === '') throw new BrokerError('invalid-argument', 'A username is needed to sign in.', { hint: 'Enter your user pool username or e-mail.' });
  ctx.poolUsername = username;
  ctx.info(`Signing in to ${ctx.account.name} as ${username}…`);

  await ctx.devices.recall(username);
  try {
    return await fromInitiation(ctx, username);
  } catch (error) {
    // The pool refused this computer's device (in its own challenge, or where a flow without the password at
    // hand proved the password, as USER_AUTH's PASSWORD_SRP): drop the record, sign in again as a new device.
    if (!isStaleDevice(error) && !(ctx.devices.current && poolRefusedDevice(error, false))) throw error;
    await ctx.devices.dropStale();
    return fromInitiation(ctx, username);
  }
}

async function fromInitiation(ctx: SignInContext, username: string): Promise<SignInTokens> {
  let step: Step = ctx.account.authFlow === 'user-auth' ? await initiateUserAuth(ctx, username) : await initiateWithPassword(ctx, username);
  while ('challenge' in step) step = await answerChallenge(ctx, step.challenge);
  if ('signedIn' in step) return step.signedIn;
  const tokens = tokensOf(ctx, step.tokens);
  // A new device is confirmed (and the person maybe asked) once the tokens are in hand (devices/device-sign-in.ts).
  const deviceKey = await ctx.devices.finish(step.tokens, ctx.client, tokens.username);
  return deviceKey === undefined ? tokens : { ...tokens, deviceKey };
}
