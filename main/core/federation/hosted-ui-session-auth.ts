import type { SessionAuth } from '../credentials/session-auth.js';
import type { BrowserOpener } from './browser-opener.js';
import { DEFAULT_BROWSER_TIMEOUT_MS, signInWithHostedUi } from './hosted-ui-sign-in.js';

/**
 * The broker's sign-in port with managed login: an account that names a `hostedUi` signs in through the
 * system browser; every other account keeps the password/SRP sign-in of `base`. Refresh and revocation stay
 * with `base`: Cognito's REFRESH_TOKEN_AUTH and RevokeToken accept refresh tokens from the managed login, so
 * a federated session is refreshed, cached and signed out exactly like a password one.
 */
export interface HostedUiFrontEnd {
  open: BrowserOpener;
  /** Tells the person where to go (the CLI prints it on stderr; the app shows it in the window). */
  showUrl(url: string, opened: boolean): void;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export function withHostedUi(base: SessionAuth, frontEnd: HostedUiFrontEnd): SessionAuth {
  return {
    signIn(account, options) {
      if (!account.hostedUi) return base.signIn(account, options);
      options.prompter.info?.('Signing in through the browser…');
      return signInWithHostedUi({
        hostedUi: account.hostedUi,
        clientId: account.clientId,
        ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }),
        open: frontEnd.open,
        showUrl: frontEnd.showUrl,
        timeoutMs: frontEnd.timeoutMs ?? DEFAULT_BROWSER_TIMEOUT_MS,
        ...(frontEnd.signal === undefined ? {} : { signal: frontEnd.signal }),
        ...(frontEnd.fetch === undefined ? {} : { fetch: frontEnd.fetch }),
      });
    },
    refreshSession: (account, refreshToken, options) => base.refreshSession(account, refreshToken, options),
    revokeRefreshToken: (account, refreshToken, options) => base.revokeRefreshToken(account, refreshToken, options),
  };
}
