import { z } from 'zod';
import { BrokerError, isBrokerError } from '../errors.js';
import { netFetch } from '../net/net-fetch.js';
import type { SignInTokens } from '../auth/tokens.js';
import { decodeJwtPayload } from '../auth/jwt-payload.js';
import { revokeUrl, tokenUrl } from './hosted-ui-urls.js';
import { observeDateHeader } from '../aws/server-clock-observer.js';

/**
 * The managed login's token and revocation endpoints (OAuth 2.0, form-encoded POSTs). A client with a secret
 * authenticates with HTTP Basic, as Cognito documents; a public client sends its id in the body.
 */
export interface OAuthClient {
  domain: string;
  clientId: string;
  clientSecret?: string;
  /** Injected for tests of one function; defaults to netFetch (fetch with the proxy and CA settings). */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const tokenResponseSchema = z.object({
  id_token: z.string().min(1),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
});

const errorResponseSchema = z.object({ error: z.string(), error_description: z.string().optional() });

const DEFAULT_TIMEOUT_MS = 15_000;

/** Exchanges the one-time code from the redirect, proving with the PKCE verifier that we asked for it. */
export async function exchangeAuthorizationCode(
  client: OAuthClient,
  grant: { code: string; redirectUri: string; codeVerifier: string },
): Promise<SignInTokens> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: client.clientId,
    code: grant.code,
    redirect_uri: grant.redirectUri,
    code_verifier: grant.codeVerifier,
  });
  const tokens = await postForTokens(client, body, 'exchange the sign-in code');
  if (!tokens.refresh_token) {
    throw new BrokerError('auth-failed', 'Cognito signed you in but returned no refresh token, so the session could not be kept.', {
      hint: 'Ask the administrator to allow the refresh token flow on the app client.',
    });
  }
  return { idToken: tokens.id_token, accessToken: tokens.access_token, refreshToken: tokens.refresh_token, username: usernameFromIdToken(tokens.id_token) };
}

/**
 * New ID and access tokens from a refresh token. With refresh-token rotation the grant also returns a new
 * refresh token ("optionally (with refresh token rotation) refresh tokens", developer guide "Refresh tokens",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html)
 * and the one sent stops working after the app client's grace period: the caller must store the new one at
 * once. Without rotation the result has no refresh token and the old one stays.
 */
export async function refreshAtTokenEndpoint(client: OAuthClient, refreshToken: string): Promise<SignInTokens> {
  const body = new URLSearchParams({ grant_type: 'refresh_token', client_id: client.clientId, refresh_token: refreshToken });
  const tokens = await postForTokens(client, body, 'refresh the session');
  const result: SignInTokens = { idToken: tokens.id_token, accessToken: tokens.access_token, username: usernameFromIdToken(tokens.id_token) };
  if (tokens.refresh_token) result.refreshToken = tokens.refresh_token;
  return result;
}

/** Revokes the refresh token and every access token issued from it. */
export async function revokeAtTokenEndpoint(client: OAuthClient, refreshToken: string): Promise<void> {
  const body = new URLSearchParams({ token: refreshToken, client_id: client.clientId });
  const response = await post(client, revokeUrl(client.domain), body, 'revoke the session');
  if (response.status === 200) return;
  throw oauthError(await readError(response), 'revoke the session');
}

async function postForTokens(client: OAuthClient, body: URLSearchParams, action: string): Promise<z.infer<typeof tokenResponseSchema>> {
  const response = await post(client, tokenUrl(client.domain), body, action);
  // The tokens in this answer are judged by the server's clock (token-clock.ts): learn it from this answer.
  observeDateHeader(response.headers?.get?.('date'));
  if (response.status !== 200) throw oauthError(await readError(response), action);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  const parsed = tokenResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw new BrokerError('auth-failed', `Cognito's token endpoint answered with something that is not a token response, so we could not ${action}.`, {
      hint: "Check the account's managed-login domain.",
    });
  }
  return parsed.data;
}

async function post(client: OAuthClient, url: string, body: URLSearchParams, action: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (client.clientSecret !== undefined) {
    // RFC 6749 §2.3.1: both parts are form-url-encoded before being joined and base64-encoded.
    const basic = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  }
  const doFetch = client.fetch ?? netFetch;
  try {
    return await doFetch(url, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(client.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
  } catch (error) {
    // A proxy or certificate failure already names the setting to fix.
    if (isBrokerError(error)) throw error;
    const host = new URL(url).host;
    throw new BrokerError('network', `Could not reach the managed-login domain ${host} to ${action}.`, {
      hint: "Check the network connection and the account's managed-login domain.",
      cause: error,
    });
  }
}

async function readError(response: Response): Promise<{ status: number; error?: string }> {
  try {
    const parsed = errorResponseSchema.safeParse(await response.json());
    // Only the error code is kept: descriptions come from the server and are not ours to echo.
    return parsed.success ? { status: response.status, error: parsed.data.error } : { status: response.status };
  } catch {
    return { status: response.status };
  }
}

function oauthError(answer: { status: number; error?: string }, action: string): BrokerError {
  switch (answer.error) {
    case 'invalid_grant':
      return new BrokerError(
        'auth-failed',
        `Cognito refused to ${action}: the code or token was already used, has expired, was revoked, or belongs to another sign-in (invalid_grant).`,
        {
          hint: 'Sign in again.',
        },
      );
    case 'invalid_client':
      return new BrokerError('config-invalid', `Cognito did not accept the app client's credentials when asked to ${action} (invalid_client).`, {
        hint: "Check the account's client id and the client secret stored for it.",
      });
    case 'unauthorized_client':
      return new BrokerError('config-invalid', `The app client is not allowed to ${action} (unauthorized_client).`, {
        hint: 'Ask the administrator to enable the authorization code grant and the refresh token flow on the app client.',
      });
    case 'unsupported_token_type':
      return new BrokerError('config-invalid', `Cognito could not ${action}: token revocation is not enabled on the app client (unsupported_token_type).`, {
        hint: 'Ask the administrator to enable token revocation on the app client.',
      });
    default:
      return new BrokerError('auth-failed', `Cognito refused to ${action} (HTTP ${answer.status}${answer.error ? `, ${answer.error}` : ''}).`, {
        hint: "Check the account's managed-login settings and sign in again.",
      });
  }
}

/**
 * The pool's own username, which SECRET_HASH needs on a later REFRESH_TOKEN_AUTH. Reading it unverified is
 * fine here: the tokens are verified against the pool's JWKS before any claim is trusted.
 */
function usernameFromIdToken(idToken: string): string {
  const claims = decodeJwtPayload(idToken);
  const name = claims['cognito:username'] ?? claims.sub;
  if (typeof name === 'string' && name !== '') return name;
  throw new BrokerError('token-invalid', 'Cognito returned an ID token without a username.', { hint: 'Sign in again; if it repeats, tell the administrator.' });
}
