import type { HostedUiSettings } from '../accounts/account.js';
import type { SignInTokens } from '../auth/tokens.js';
import { BrokerError } from '../errors.js';
import type { BrowserOpener } from './browser-opener.js';
import { authorizeUrl, logoutUrl, redirectUri, signedOutUri } from './hosted-ui-urls.js';
import { startLoopbackListener, type CallbackVerdict } from './loopback-listener.js';
import { exchangeAuthorizationCode } from './oauth-token-client.js';
import { createPkce, randomState } from './pkce.js';

/**
 * Federated sign-in through Cognito's managed login in the system browser (never an embedded web view that
 * would see the person's IdP password): authorization code + PKCE S256 + random state, one loopback
 * callback, then the code exchange. The tokens that come back go through the same verification, identity
 * pool and keychain path as a password sign-in.
 */
export interface HostedUiSignInOptions {
  hostedUi: HostedUiSettings;
  clientId: string;
  clientSecret?: string;
  open: BrowserOpener;
  /**
   * Shows the person the URL: always called, with `opened` saying whether a browser was started (if not, the
   * person must open it themselves). The URL carries no secret: state and the PKCE challenge are useless
   * without this process.
   */
  showUrl(url: string, opened: boolean): void;
  /** Default 5 minutes: enough for an IdP's own MFA, short enough that a forgotten tab does not hang a CLI. */
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export const DEFAULT_BROWSER_TIMEOUT_MS = 5 * 60 * 1000;

export async function signInWithHostedUi(options: HostedUiSignInOptions): Promise<SignInTokens> {
  const { hostedUi } = options;
  const pkce = createPkce();
  const state = randomState();
  const callback = redirectUri(hostedUi);
  const listener = await startLoopbackListener({
    port: hostedUi.redirectPort,
    path: hostedUi.redirectPath,
    judge: (params) => judgeAuthorizationCallback(params, state),
    timeoutMs: options.timeoutMs ?? DEFAULT_BROWSER_TIMEOUT_MS,
    waitingFor: 'finish signing in in the browser',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    const url = authorizeUrl(hostedUi.domain, {
      clientId: options.clientId,
      redirectUri: callback,
      scopes: hostedUi.scopes,
      state,
      codeChallenge: pkce.challenge,
      ...(hostedUi.identityProvider ? { identityProvider: hostedUi.identityProvider } : {}),
    });
    const opened = await options.open(url).catch(() => false);
    options.showUrl(url, opened);
    const code = await listener.result;
    return await exchangeAuthorizationCode(
      {
        domain: hostedUi.domain,
        clientId: options.clientId,
        ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      },
      { code, redirectUri: callback, codeVerifier: pkce.verifier },
    );
  } finally {
    await listener.close();
  }
}

/** RFC 6749 §4.1.2: `code` + `state` on success, `error` (+ description) + `state` on failure. */
export function judgeAuthorizationCallback(params: URLSearchParams, expectedState: string): CallbackVerdict<string> {
  const state = params.get('state');
  if (state !== expectedState) {
    return {
      ok: false,
      error: new BrokerError(
        'auth-failed',
        'A sign-in response arrived that does not belong to the sign-in this app started (its state did not match), so it was refused.',
        {
          hint: 'Start the sign-in again from the app or the CLI and finish it in the tab it opens.',
        },
      ),
      page: { title: 'Sign-in refused', message: 'This response does not belong to the sign-in in progress. Start the sign-in again from Cognito Broker.' },
      // Anyone on the machine can send a request to the callback port: a stray one must not end the real sign-in.
      ignore: true,
    };
  }
  const error = params.get('error');
  if (error !== null) {
    // The error code is an OAuth keyword; the free-text description is the IdP's and is not repeated.
    const safeCode = /^[\w.-]{1,64}$/.test(error) ? error : 'unknown';
    return {
      ok: false,
      error: new BrokerError('auth-failed', `The sign-in was refused by Cognito or the identity provider (${safeCode}).`, {
        hint: 'Try again; if it repeats, ask the administrator whether your user may sign in to this app client.',
      }),
      page: { title: 'Sign-in failed', message: `The sign-in was refused (${safeCode}). You can close this tab and try again.` },
    };
  }
  const code = params.get('code');
  if (!code) {
    return {
      ok: false,
      error: new BrokerError('auth-failed', 'The sign-in response had no authorization code.', { hint: 'Start the sign-in again.' }),
      page: { title: 'Sign-in failed', message: 'The response had no authorization code. You can close this tab and try again.' },
    };
  }
  return {
    ok: true,
    value: code,
    page: { title: 'Sign-in received', message: 'Cognito Broker received your sign-in. You can close this tab and return to it.' },
  };
}

export interface HostedUiSignOutOptions {
  hostedUi: HostedUiSettings;
  clientId: string;
  open: BrowserOpener;
  showUrl(url: string, opened: boolean): void;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Ends the managed-login browser session (Cognito's cookie), so the next sign-in asks again instead of
 * silently reusing it. Cognito redirects to the client's sign-out URL, `http://localhost:<port>/signed-out`,
 * where a listener shows a closing page. Revoking the refresh token is a separate step (revokeAtTokenEndpoint
 * or RevokeToken) that needs no browser.
 */
export async function endHostedUiSession(options: HostedUiSignOutOptions): Promise<void> {
  const listener = await startLoopbackListener<true>({
    port: options.hostedUi.redirectPort,
    path: '/signed-out',
    judge: () => ({ ok: true, value: true, page: { title: 'Signed out', message: 'You are signed out of the managed login. You can close this tab.' } }),
    timeoutMs: options.timeoutMs ?? DEFAULT_BROWSER_TIMEOUT_MS,
    waitingFor: 'let the browser finish signing out',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    const url = logoutUrl(options.hostedUi.domain, options.clientId, signedOutUri(options.hostedUi));
    const opened = await options.open(url).catch(() => false);
    options.showUrl(url, opened);
    await listener.result;
  } finally {
    await listener.close();
  }
}
