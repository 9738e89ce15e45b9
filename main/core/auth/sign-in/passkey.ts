import { BrokerError } from '../../errors.js';
import type { SignInContext, Step } from './sign-in-context.js';

/**
 * A passkey completes through managed login in the system browser, never in the broker itself. A pool's
 * passkeys belong to one WebAuthn relying party: the pool's managed-login domain, or the domain set in
 * WebAuthnConfiguration.RelyingPartyId
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserPoolMfaConfig.html,
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html#amazon-cognito-user-pools-authentication-flow-methods-passkey).
 * An authenticator only signs an assertion for the web origin of that domain; the app's window runs on
 * file:// and a terminal has no origin at all, so neither can assert it. The managed-login page on that
 * domain can, and hands the result back through the PKCE loopback sign-in (main/core/federation).
 * The USER_AUTH session started here is left to expire: Cognito keeps nothing for it.
 */
export async function passkeyFactor(ctx: SignInContext): Promise<Step> {
  const browser = ctx.options.browserSignIn;
  if (!browser) {
    throw new BrokerError(
      'auth-challenge',
      `Passkeys sign in through the user pool's managed login, and account ${ctx.account.name} has no managed-login settings.`,
      {
        hint: `Add the pool's managed-login domain: \`cognito-broker account update ${ctx.account.name} --hosted-ui-domain <domain> --redirect-port <port>\`.`,
      },
    );
  }
  ctx.info("Passkeys sign in through the user pool's managed login: continuing in your browser…");
  return { signedIn: await browser() };
}
