import type { SessionAuth } from '../credentials/session-auth.js';
import { netFetch } from '../net/net-fetch.js';
import { systemBrowserOpener, type BrowserOpener } from './browser-opener.js';
import { DEFAULT_BROWSER_TIMEOUT_MS, signInWithHostedUi } from './hosted-ui-sign-in.js';

/**
 * The broker's sign-in port with managed login: an account that names a `hostedUi` signs in through the
 * system browser; every other account keeps the password/SRP sign-in of `base`. Refresh and revocation stay
 * with `base`: Cognito's GetTokensFromRefreshToken (and REFRESH_TOKEN_AUTH) and RevokeToken accept refresh
 * tokens from the managed login, so a federated session is refreshed, cached and signed out exactly like a
 * password one — including storing the new refresh token of a rotating app client under the account's session
 * lock before credentials are handed out (CredentialBroker). refreshAtTokenEndpoint, the token endpoint's
 * refresh grant, returns a rotated token the same way for callers that refresh there.
 */
export interface HostedUiFrontEnd {
  open: BrowserOpener;
  /** Tells the person where to go (the CLI prints it on stderr; the app shows it in the window). */
  showUrl: (url: string, opened: boolean) => void;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

function fetchWithin(env: NodeJS.ProcessEnv): typeof fetch {
  return ((input: string | URL, init?: RequestInit) => netFetch(input, init, env)) as typeof fetch;
}

export function withHostedUi(base: SessionAuth, frontEnd: HostedUiFrontEnd): SessionAuth {
  return {
    signIn(account, options) {
      const hostedUi = account.hostedUi;
      if (!hostedUi) return base.signIn(account, options);
      const browser = () =>
        signInWithHostedUi({
          hostedUi,
          clientId: account.clientId,
          ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }),
          open: frontEnd.open,
          showUrl: frontEnd.showUrl,
          timeoutMs: frontEnd.timeoutMs ?? DEFAULT_BROWSER_TIMEOUT_MS,
          ...(frontEnd.signal === undefined ? {} : { signal: frontEnd.signal }),
          // The token endpoint is reached through the proxy and CA settings of the environment the broker was built with.
          ...(frontEnd.fetch !== undefined ? { fetch: frontEnd.fetch } : options.env === undefined ? {} : { fetch: fetchWithin(options.env) }),
        });
      // A choice-based account signs in with the broker's own prompts (password, codes); only a passkey goes
      // to managed login, because only a page on the pool's domain can use its passkeys (auth/sign-in/passkey.ts).
      if (account.authFlow === 'user-auth') return base.signIn(account, { ...options, browserSignIn: browser });
      options.prompter.info?.('Signing in through the browser…');
      return browser();
    },
    refreshSession: (account, refreshToken, options) => base.refreshSession(account, refreshToken, options),
    revokeRefreshToken: (account, refreshToken, options) => base.revokeRefreshToken(account, refreshToken, options),
  };
}

/**
 * The front end of a command-line sign-in: the system browser (or `$BROWSER`), and the URL written with
 * `write` (the CLI passes stderr, so stdout stays the command's output). The URL is printed even when a
 * browser opened, because the browser may have opened on another screen or not at all.
 */
export function printingFrontEnd(write: (text: string) => void, open: BrowserOpener = systemBrowserOpener()): HostedUiFrontEnd {
  return {
    open,
    showUrl(url, opened) {
      write(opened ? `Opened your browser to sign in. If it did not open, go to:\n  ${url}\n` : `Open this address in a browser to sign in:\n  ${url}\n`);
    },
  };
}
