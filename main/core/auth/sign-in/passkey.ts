import { BrokerError } from '../../errors.js';
import type { SignInTokens } from '../tokens.js';
import type { SignInContext, Step } from './sign-in-context.js';

/**
 * A passkey completes through managed login in the system browser, never in the broker itself. A pool's
 * passkeys belong to one WebAuthn relying party: WebAuthnConfiguration.RelyingPartyId, "the authentication
 * domain, typically your user pool domain, that passkey providers must use as a relying party", and the
 * fully-qualified custom domain where the pool has one and signs in through managed login
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html,
 * set with https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserPoolMfaConfig.html).
 * An authenticator signs an assertion only for a web origin on that domain (WebAuthn's rpId check); the app's
 * window runs on file:// and a terminal has no origin at all, so neither can assert it. Managed login's page
 * on that domain can, and hands the result back through the PKCE loopback sign-in (main/core/federation).
 * The USER_AUTH session started here is left to expire: Cognito keeps nothing for it.
 */
export async function passkeyFactor(ctx: SignInContext): Promise<Step> {
  return { signedIn: await passkeyThroughBrowser(ctx) };
}

/**
 * A passkey asked for up front (`login --method passkey`, or the account's first factor) goes straight to
 * managed login, without a USER_AUTH call or a username: the page asks for what it needs, and offers the
 * pool's other ways where the person has no passkey there.
 */
export async function passkeyThroughBrowser(ctx: SignInContext): Promise<SignInTokens> {
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
  return browser();
}
