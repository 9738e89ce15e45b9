import { AssociateSoftwareTokenCommand, VerifySoftwareTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import { BrokerError } from '../../errors.js';
import { jsonList, type Challenge, type SignInContext, type Step } from './sign-in-context.js';

/** MFA_SETUP: enrol an authenticator app (AssociateSoftwareToken, the first code verified), then answer. */
export async function setUpTotp(ctx: SignInContext, challenge: Challenge): Promise<Step> {
  const canSetUp = jsonList(challenge.parameters.MFAS_CAN_SETUP);
  if (canSetUp.length > 0 && !canSetUp.includes('SOFTWARE_TOKEN_MFA')) {
    throw new BrokerError('auth-challenge', 'The user pool requires enrolling an MFA method other than an authenticator app.', {
      hint: "Enrol it through your organisation's sign-in page, or ask the pool administrator to allow TOTP.",
    });
  }
  let session = challenge.session;
  let secret: string;
  try {
    const out = await ctx.client.send(new AssociateSoftwareTokenCommand(session === undefined ? {} : { Session: session }));
    if (!out.SecretCode) throw new BrokerError('auth-challenge', 'The user pool did not give an authenticator secret.', { hint: 'Try again.' });
    secret = out.SecretCode;
    session = out.Session ?? session;
  } catch (error) {
    throw ctx.fail(error, 'mfa-setup');
  }
  const issuer = ctx.options.totpIssuer ?? ctx.account.name;
  const otpauthUri = `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(ctx.poolUsername)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
  const verified = await ctx.withRetries({ kind: 'mfa-setup', otpauthUri, secret }, async (answer) => {
    try {
      const out = await ctx.client.send(
        new VerifySoftwareTokenCommand({
          UserCode: answer.trim(),
          FriendlyDeviceName: 'Cognito Broker',
          ...(session === undefined ? {} : { Session: session }),
        }),
      );
      if (out.Status !== 'SUCCESS')
        throw new BrokerError('code-mismatch', 'That code is not right.', { hint: 'Enter the current code from your authenticator app.' });
      return out.Session ?? session;
    } catch (error) {
      throw ctx.fail(error, 'mfa-setup');
    }
  });
  ctx.info('Authenticator app enrolled.');
  return ctx.respond('MFA_SETUP', verified, {}, 'mfa-setup');
}
