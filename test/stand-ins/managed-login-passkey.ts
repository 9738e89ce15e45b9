import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { InitiateAuthCommand, RespondToAuthChallengeCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { readBody, type CallCounter } from './aws-json.js';
import { PASSKEY_GET_SCRIPT } from './webauthn-browser-script.js';

/**
 * "Sign in with a passkey" in the managed-login stand-in. AWS's managed login asks for the username, then runs
 * the WebAuthn ceremony in the browser against the pool's relying party (developer guide "Passkey sign-in",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html;
 * the RP is WebAuthnConfiguration.RelyingPartyId,
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html).
 * The stand-in does the same through the pool's own API, so the assertion is verified by the test backend
 * exactly as an SDK's WEB_AUTHN answer is:
 *
 * - GET /passkey: the page, always on http://localhost:<port> (a request on 127.0.0.1 is redirected there),
 *   because WebAuthn needs a secure context and an RP ID that is a domain, not an IP address
 *   (https://www.w3.org/TR/webauthn-3/#rp-id); localhost is both. The pool's RelyingPartyId must be
 *   `localhost` for the browser to find the passkey.
 * - POST /passkey/options {username}: InitiateAuth USER_AUTH with PREFERRED_CHALLENGE WEB_AUTHN; answers the
 *   CREDENTIAL_REQUEST_OPTIONS (challenge, rpId, allowCredentials = the user's passkeys) and a flow id.
 * - POST /passkey/verify {flow, credential}: RespondToAuthChallenge WEB_AUTHN with the AuthenticationResponseJSON
 *   as CREDENTIAL; on tokens, the authorization code is issued and the page is sent to redirect_uri, as the
 *   password form does.
 *
 * Every /passkey request carries the /oauth2/authorize query, checked again by `authorize`.
 */
export interface PasskeyLoginDeps {
  pool: CognitoIdentityProviderClient;
  counts: CallCounter;
  /** The port the stand-in listens on (the page's origin is http://localhost:<port>). */
  port(): string;
  /** The client of a valid authorize query, or undefined. */
  authorize(query: URLSearchParams): { clientId: string; secretHash(username: string): { SECRET_HASH?: string } } | undefined;
  /** Issues the code for the tokens and starts the browser session: where to go and the cookie to set. */
  complete(
    query: URLSearchParams,
    username: string,
    tokens: { idToken: string; accessToken: string; refreshToken: string },
  ): { location: string; cookie: string };
}

interface Flow {
  clientId: string;
  username: string;
  session: string;
  expiresAt: number;
}

const FLOW_TTL_MS = 3 * 60 * 1000; // the options' own timeout (180000 ms)
const REFUSED = 'The passkey was not accepted. Try again or use another way to sign in.';

export function createPasskeyLogin(deps: PasskeyLoginDeps): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const flows = new Map<string, Flow>();

  function page(res: ServerResponse): void {
    const html =
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in with a passkey</title></head><body>' +
      '<h1>Sign in with a passkey</h1><form id="passkey"><label>Username <input name="username" autocomplete="username webauthn"></label>' +
      '<button type="submit">Sign in with a passkey</button></form><p role="alert" id="error" hidden></p>' +
      `<script>${PASSKEY_GET_SCRIPT}
document.getElementById('passkey').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = document.getElementById('error');
  const post = async (path, body) => {
    const r = await fetch(path + location.search, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await r.json();
    if (!r.ok) throw new Error(answer.message);
    return answer;
  };
  try {
    const started = await post('/passkey/options', { username: event.target.username.value });
    const credential = await passkeyGet(started.options);
    const done = await post('/passkey/verify', { flow: started.flow, credential });
    location.assign(done.location);
  } catch (e) {
    error.textContent = e.message || String(e);
    error.hidden = false;
  }
});</script></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
    res.end(JSON.stringify(body));
  }

  async function options(res: ServerResponse, client: NonNullable<ReturnType<PasskeyLoginDeps['authorize']>>, body: { username?: unknown }): Promise<void> {
    const username = typeof body.username === 'string' ? body.username : '';
    try {
      const out = await deps.pool.send(
        new InitiateAuthCommand({
          ClientId: client.clientId,
          AuthFlow: 'USER_AUTH',
          AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'WEB_AUTHN', ...client.secretHash(username) },
        }),
      );
      const request = out.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS;
      if (out.ChallengeName !== 'WEB_AUTHN' || !request || !out.Session) throw new Error('no passkey');
      const flow = randomBytes(16).toString('hex');
      flows.set(flow, { clientId: client.clientId, username, session: out.Session, expiresAt: Date.now() + FLOW_TTL_MS });
      send(res, 200, { flow, options: JSON.parse(request) as unknown });
    } catch {
      // One message whether the user is unknown or has no passkey, as a sign-in page should.
      deps.counts.add('passkey:no-options');
      send(res, 400, { message: 'This user cannot sign in with a passkey here.' });
    }
  }

  async function verify(
    res: ServerResponse,
    query: URLSearchParams,
    client: NonNullable<ReturnType<PasskeyLoginDeps['authorize']>>,
    body: { flow?: unknown; credential?: unknown },
  ): Promise<void> {
    const flow = typeof body.flow === 'string' ? flows.get(body.flow) : undefined;
    if (!flow || flow.clientId !== client.clientId || flow.expiresAt < Date.now() || typeof body.credential !== 'string')
      return send(res, 400, { message: REFUSED });
    try {
      const out = await deps.pool.send(
        new RespondToAuthChallengeCommand({
          ClientId: flow.clientId,
          ChallengeName: 'WEB_AUTHN',
          Session: flow.session,
          ChallengeResponses: { USERNAME: flow.username, CREDENTIAL: body.credential, ...client.secretHash(flow.username) },
        }),
      );
      const r = out.AuthenticationResult;
      if (!r?.IdToken || !r.AccessToken || !r.RefreshToken) throw new Error('no tokens');
      flows.delete(String(body.flow));
      deps.counts.add('passkey:ok');
      const done = deps.complete(query, flow.username, { idToken: r.IdToken, accessToken: r.AccessToken, refreshToken: r.RefreshToken });
      send(res, 200, { location: done.location }, { 'set-cookie': done.cookie });
    } catch {
      deps.counts.add('passkey:failed');
      send(res, 400, { message: REFUSED });
    }
  }

  return async (req, res, url) => {
    const query = url.searchParams;
    const client = deps.authorize(query);
    if (!client) return send(res, 400, { message: 'invalid_request' });
    if (req.method === 'GET' && url.pathname === '/passkey') {
      const host = (req.headers.host ?? '').split(':')[0];
      if (host !== 'localhost') {
        res.writeHead(302, { location: `http://localhost:${deps.port()}/passkey?${query.toString()}`, 'cache-control': 'no-store' });
        return void res.end();
      }
      return page(res);
    }
    if (req.method !== 'POST') return send(res, 405, { message: 'method not allowed' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse((await readBody(req)).toString('utf8')) as Record<string, unknown>;
    } catch {
      return send(res, 400, { message: 'invalid_request' });
    }
    if (url.pathname === '/passkey/options') return options(res, client, body);
    if (url.pathname === '/passkey/verify') return verify(res, query, client, body);
    send(res, 404, { message: 'not found' });
  };
}
