import type { HostedUiSettings } from '../accounts/account.js';

/**
 * Cognito's managed-login endpoints, all under the pool's domain, as documented in "User pool endpoints
 * reference": /oauth2/authorize, /oauth2/token, /oauth2/revoke and /logout.
 */
function endpoint(domain: string, path: string): URL {
  const base = domain.replace(/\/+$/, '');
  return new URL(`${base}${path}`);
}

/**
 * The loopback redirect (RFC 8252 §7.3). Cognito allows plain http only for `localhost`, and compares the
 * redirect with the app client's callback URLs exactly, so the name is `localhost`, not 127.0.0.1.
 */
export function redirectUri(hostedUi: Pick<HostedUiSettings, 'redirectPort' | 'redirectPath'>): string {
  return `http://localhost:${hostedUi.redirectPort}${hostedUi.redirectPath}`;
}

/** Where Cognito sends the browser after /logout; it must be one of the app client's sign-out URLs. */
export function signedOutUri(hostedUi: Pick<HostedUiSettings, 'redirectPort'>): string {
  return `http://localhost:${hostedUi.redirectPort}/signed-out`;
}

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  state: string;
  codeChallenge: string;
  identityProvider?: string;
}

export function authorizeUrl(domain: string, request: AuthorizeRequest): string {
  const url = endpoint(domain, '/oauth2/authorize');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('scope', request.scopes.join(' '));
  url.searchParams.set('state', request.state);
  url.searchParams.set('code_challenge', request.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  if (request.identityProvider) url.searchParams.set('identity_provider', request.identityProvider);
  return url.toString();
}

export function tokenUrl(domain: string): string {
  return endpoint(domain, '/oauth2/token').toString();
}

export function revokeUrl(domain: string): string {
  return endpoint(domain, '/oauth2/revoke').toString();
}

/** `/logout` ends the managed-login browser session (its cookie), so the next sign-in asks again. */
export function logoutUrl(domain: string, clientId: string, logoutUri: string): string {
  const url = endpoint(domain, '/logout');
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('logout_uri', logoutUri);
  return url.toString();
}
