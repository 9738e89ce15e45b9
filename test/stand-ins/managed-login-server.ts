import { createHash, randomBytes, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  CognitoIdentityProviderClient,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CallCounter, closeServer, listenOnLoopback, readBody } from './aws-json.js';
import { createPasskeyLogin } from './managed-login-passkey.js';

/**
 * A stand-in for Cognito's managed login (the hosted UI's OAuth 2.0 endpoints), following "User pool
 * endpoints and managed login reference" in the Cognito developer guide:
 *
 * - GET /oauth2/authorize: checks client_id and that redirect_uri is exactly one of the client's callback
 *   URLs (otherwise an error page, never a redirect, as Cognito does), response_type=code, scopes within the
 *   client's allowed scopes, and PKCE code_challenge_method=S256 (Cognito supports only S256). A browser that
 *   already has a managed-login session (cookie) gets a code at once; otherwise it is sent to /login.
 * - GET/POST /login: a username/password form. The password is checked by the real user pool (cognito-local,
 *   USER_PASSWORD_AUTH), and the tokens the code will buy are that pool's real tokens, so everything after the
 *   exchange verifies them against the pool's JWKS. `identity_provider` names an IdP this stand-in cannot be;
 *   the same form then plays that IdP's page (its title says so).
 * - POST /oauth2/token: authorization_code (code single-use and valid 5 minutes by default, bound to client,
 *   redirect_uri and the PKCE challenge) and refresh_token grants. The refresh_token grant "issues new ID,
 *   access, and optionally (with refresh token rotation) refresh tokens" (developer guide "Refresh tokens",
 *   https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html):
 *   it renews through the pool's GetTokensFromRefreshToken, so a rotating client gets a new refresh_token and
 *   the old one ends after the client's grace period (REFRESH_TOKEN_AUTH where the pool lacks the operation). A client with a secret must authenticate
 *   with HTTP Basic. Errors are HTTP 400 with {"error": "invalid_request" | "invalid_client" | "invalid_grant" |
 *   "unauthorized_client" | "unsupported_grant_type"}.
 * - POST /oauth2/revoke: revokes a refresh token (through the pool's RevokeToken). 200 with an empty body;
 *   400 {"error":"invalid_request"|"unsupported_token_type"}; 401 {"error":"invalid_client"}.
 * - GET /logout: client_id + logout_uri (exactly one of the client's sign-out URLs): ends the browser session
 *   and redirects there.
 * - /passkey: "Sign in with a passkey", linked from the form: a real WebAuthn ceremony in the browser,
 *   verified by the pool's WEB_AUTHN challenge (managed-login-passkey.ts).
 *
 * MFA challenges inside the managed login are not played: a user whose sign-in needs one sees an error page.
 */
export interface ManagedLoginClient {
  clientId: string;
  clientSecret?: string;
  callbackUrls: string[];
  logoutUrls: string[];
  allowedScopes?: string[];
}

export interface ManagedLoginOptions {
  /** cognito-local's endpoint and the pool the clients belong to. */
  userPoolEndpoint: string;
  region: string;
  clients: ManagedLoginClient[];
  codeLifetimeMs?: number;
}

export interface ManagedLoginServer {
  /** The "domain" an account names: `http://127.0.0.1:<port>`. */
  domain: string;
  counts: CallCounter;
  /** Codes handed out, newest last (tests replay them). */
  issuedCodes: string[];
  setCodeLifetime(ms: number): void;
  stop(): Promise<void>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  codeChallenge?: string;
  scopes: string[];
  tokens: PoolTokens;
  expiresAt: number;
  used: boolean;
}

interface PoolTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

interface BrowserSession {
  clientId: string;
  username: string;
  refreshToken: string;
}

const DEFAULT_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'];

class OAuthFailure extends Error {
  constructor(
    readonly error: string,
    readonly status = 400,
  ) {
    super(error);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function htmlPage(res: ServerResponse, status: number, title: string, body: string, headers: Record<string, string> = {}): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(html);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store', pragma: 'no-cache' });
  res.end(text);
}

function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(302, { location, 'cache-control': 'no-store', ...headers });
  res.end();
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export async function startManagedLogin(options: ManagedLoginOptions): Promise<ManagedLoginServer> {
  const counts = new CallCounter();
  const clients = new Map(options.clients.map((c) => [c.clientId, c]));
  const codes = new Map<string, PendingCode>();
  const sessions = new Map<string, BrowserSession>();
  const issuedCodes: string[] = [];
  let codeLifetime = options.codeLifetimeMs ?? 5 * 60 * 1000;
  const pool = new CognitoIdentityProviderClient({
    region: options.region,
    endpoint: options.userPoolEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  const secretHash = (client: ManagedLoginClient, username: string): { SECRET_HASH?: string } =>
    client.clientSecret
      ? {
          SECRET_HASH: createHmac('sha256', client.clientSecret)
            .update(username + client.clientId)
            .digest('base64'),
        }
      : {};

  /** Checks an /oauth2/authorize (or /login) query; throws a page-level error or returns the request. */
  function authorizeRequest(
    query: URLSearchParams,
  ):
    | { client: ManagedLoginClient; redirectUri: string; state?: string; scopes: string[]; codeChallenge?: string }
    | { errorPage: string }
    | { redirectError: string; redirectUri: string; state?: string } {
    const client = clients.get(query.get('client_id') ?? '');
    if (!client) return { errorPage: 'invalid_request: unknown client_id' };
    const redirectUri = query.get('redirect_uri') ?? '';
    if (!client.callbackUrls.includes(redirectUri)) return { errorPage: 'redirect_mismatch' };
    const state = query.get('state') ?? undefined;
    const withState = state === undefined ? {} : { state };
    if (query.get('response_type') !== 'code') return { redirectError: 'unsupported_response_type', redirectUri, ...withState };
    const allowed = client.allowedScopes ?? DEFAULT_SCOPES;
    const scopes = (query.get('scope') ?? 'openid').split(' ').filter(Boolean);
    if (scopes.some((s) => !allowed.includes(s))) return { redirectError: 'invalid_scope', redirectUri, ...withState };
    const codeChallenge = query.get('code_challenge') ?? undefined;
    const method = query.get('code_challenge_method');
    if (codeChallenge !== undefined && method !== 'S256') return { redirectError: 'invalid_request', redirectUri, ...withState };
    if (codeChallenge === undefined && method !== null) return { redirectError: 'invalid_request', redirectUri, ...withState };
    return { client, redirectUri, scopes, ...withState, ...(codeChallenge === undefined ? {} : { codeChallenge }) };
  }

  function issueCode(req: { clientId: string; redirectUri: string; scopes: string[]; codeChallenge?: string; state?: string }, tokens: PoolTokens): string {
    const code = randomBytes(24).toString('hex');
    codes.set(code, {
      clientId: req.clientId,
      redirectUri: req.redirectUri,
      scopes: req.scopes,
      tokens,
      expiresAt: Date.now() + codeLifetime,
      used: false,
      ...(req.codeChallenge === undefined ? {} : { codeChallenge: req.codeChallenge }),
    });
    issuedCodes.push(code);
    const url = new URL(req.redirectUri);
    url.searchParams.set('code', code);
    if (req.state !== undefined) url.searchParams.set('state', req.state);
    return url.toString();
  }

  function loginForm(res: ServerResponse, query: URLSearchParams, message?: string): void {
    const idp = query.get('identity_provider');
    const title = idp && idp !== 'COGNITO' ? `Sign in with ${idp}` : 'Sign in';
    htmlPage(
      res,
      200,
      title,
      `${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}<form method="post" action="/login?${escapeHtml(query.toString())}">` +
        `<label>Username <input name="username" autocomplete="username"></label>` +
        `<label>Password <input name="password" type="password" autocomplete="current-password"></label>` +
        `<button type="submit">Sign in</button></form>` +
        `<p><a href="/passkey?${escapeHtml(query.toString())}">Sign in with a passkey</a></p>`,
    );
  }

  async function handleAuthorize(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const checked = authorizeRequest(url.searchParams);
    if ('errorPage' in checked) return htmlPage(res, 400, 'An error was encountered with the requested page.', `<p>${escapeHtml(checked.errorPage)}</p>`);
    if ('redirectError' in checked) {
      const to = new URL(checked.redirectUri);
      to.searchParams.set('error', checked.redirectError);
      if (checked.state !== undefined) to.searchParams.set('state', checked.state);
      return redirect(res, to.toString());
    }
    const sid = cookieOf(req, 'cognito');
    const session = sid ? sessions.get(sid) : undefined;
    if (sid && session && session.clientId === checked.client.clientId) {
      // An existing managed-login session signs in without the form, as Cognito's cookie does; a session
      // whose refresh token was revoked in the meantime is over, and the form is shown again.
      try {
        const refreshed = await pool.send(
          new InitiateAuthCommand({
            ClientId: checked.client.clientId,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: session.refreshToken, ...secretHash(checked.client, session.username) },
          }),
        );
        const r = refreshed.AuthenticationResult;
        if (r?.IdToken && r.AccessToken) {
          return redirect(
            res,
            issueCode(
              { ...checked, clientId: checked.client.clientId },
              { idToken: r.IdToken, accessToken: r.AccessToken, refreshToken: session.refreshToken },
            ),
          );
        }
      } catch {
        sessions.delete(sid);
      }
    }
    redirect(res, `/login?${url.searchParams.toString()}`);
  }

  async function handleLogin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const checked = authorizeRequest(url.searchParams);
    if (!('client' in checked)) return htmlPage(res, 400, 'An error was encountered with the requested page.', '<p>invalid_request</p>');
    if (req.method === 'GET') return loginForm(res, url.searchParams);
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const username = form.get('username') ?? '';
    const password = form.get('password') ?? '';
    let out;
    try {
      out = await pool.send(
        new InitiateAuthCommand({
          ClientId: checked.client.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: password, ...secretHash(checked.client, username) },
        }),
      );
    } catch {
      counts.add('login:failed');
      return loginForm(res, url.searchParams, 'Incorrect username or password.');
    }
    const r = out.AuthenticationResult;
    if (!r?.IdToken || !r.AccessToken || !r.RefreshToken) {
      return htmlPage(
        res,
        400,
        'An error was encountered with the requested page.',
        `<p>This stand-in does not play the ${escapeHtml(out.ChallengeName ?? 'unknown')} step.</p>`,
      );
    }
    counts.add('login:ok');
    const sid = randomBytes(16).toString('hex');
    sessions.set(sid, { clientId: checked.client.clientId, username, refreshToken: r.RefreshToken });
    redirect(
      res,
      issueCode({ ...checked, clientId: checked.client.clientId }, { idToken: r.IdToken, accessToken: r.AccessToken, refreshToken: r.RefreshToken }),
      {
        'set-cookie': `cognito=${sid}; Path=/; HttpOnly; SameSite=Lax`,
      },
    );
  }

  const passkeyLogin = createPasskeyLogin({
    pool,
    counts,
    port: () => new URL(domain).port,
    authorize(query) {
      const checked = authorizeRequest(query);
      if (!('client' in checked)) return undefined;
      const client = checked.client;
      return { clientId: client.clientId, secretHash: (username) => secretHash(client, username) };
    },
    complete(query, username, tokens) {
      const checked = authorizeRequest(query);
      if (!('client' in checked)) throw new Error('the authorize query changed');
      const sid = randomBytes(16).toString('hex');
      sessions.set(sid, { clientId: checked.client.clientId, username, refreshToken: tokens.refreshToken });
      return { location: issueCode({ ...checked, clientId: checked.client.clientId }, tokens), cookie: `cognito=${sid}; Path=/; HttpOnly; SameSite=Lax` };
    },
  });

  /** Client authentication: HTTP Basic for a client with a secret; a public client names itself in the body. */
  function authenticateClient(req: IncomingMessage, form: URLSearchParams): ManagedLoginClient {
    const header = req.headers.authorization;
    if (header?.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const id = decodeURIComponent(decoded.slice(0, colon));
      const secret = decodeURIComponent(decoded.slice(colon + 1));
      const client = clients.get(id);
      if (!client || client.clientSecret === undefined || client.clientSecret !== secret) throw new OAuthFailure('invalid_client', 400);
      if (form.has('client_id') && form.get('client_id') !== id) throw new OAuthFailure('invalid_client', 400);
      return client;
    }
    const client = clients.get(form.get('client_id') ?? '');
    if (!client || client.clientSecret !== undefined) throw new OAuthFailure('invalid_client', 400);
    return client;
  }

  async function handleToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) throw new OAuthFailure('invalid_request');
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const client = authenticateClient(req, form);
    const grant = form.get('grant_type');
    counts.add(`token:${grant ?? 'none'}`);
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const pending = codes.get(code);
      if (!pending) throw new OAuthFailure('invalid_grant');
      if (pending.used || pending.expiresAt < Date.now()) {
        pending.used = true;
        throw new OAuthFailure('invalid_grant');
      }
      // Single use: the first presentation burns the code, whether or not the rest checks out.
      pending.used = true;
      if (pending.clientId !== client.clientId) throw new OAuthFailure('invalid_grant');
      if (form.get('redirect_uri') !== pending.redirectUri) throw new OAuthFailure('invalid_grant');
      if (pending.codeChallenge !== undefined) {
        const verifier = form.get('code_verifier') ?? '';
        if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) throw new OAuthFailure('invalid_grant');
        const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url');
        if (challenge !== pending.codeChallenge) throw new OAuthFailure('invalid_grant');
      }
      return json(res, 200, {
        id_token: pending.scopes.includes('openid') ? pending.tokens.idToken : undefined,
        access_token: pending.tokens.accessToken,
        refresh_token: pending.tokens.refreshToken,
        token_type: 'Bearer',
        expires_in: 3600,
      });
    }
    if (grant === 'refresh_token') {
      const refreshToken = form.get('refresh_token') ?? '';
      if (!refreshToken) throw new OAuthFailure('invalid_request');
      let out;
      try {
        out = await pool.send(
          new GetTokensFromRefreshTokenCommand({
            ClientId: client.clientId,
            RefreshToken: refreshToken,
            ...(client.clientSecret ? { ClientSecret: client.clientSecret } : {}),
          }),
        );
      } catch (error) {
        // cognito-local itself has no GetTokensFromRefreshToken (HTTP 500 "unsupported"): REFRESH_TOKEN_AUTH there.
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 500) throw new OAuthFailure('invalid_grant');
        try {
          // cognito-local checks the refresh token; SECRET_HASH needs a username it does not check, so any will do.
          out = await pool.send(
            new InitiateAuthCommand({
              ClientId: client.clientId,
              AuthFlow: 'REFRESH_TOKEN_AUTH',
              AuthParameters: { REFRESH_TOKEN: refreshToken, ...secretHash(client, 'refresh') },
            }),
          );
        } catch {
          throw new OAuthFailure('invalid_grant');
        }
      }
      const r = out.AuthenticationResult;
      if (!r?.IdToken || !r.AccessToken) throw new OAuthFailure('invalid_grant');
      return json(res, 200, {
        id_token: r.IdToken,
        access_token: r.AccessToken,
        ...(r.RefreshToken ? { refresh_token: r.RefreshToken } : {}),
        token_type: 'Bearer',
        expires_in: 3600,
      });
    }
    throw new OAuthFailure(grant === null ? 'invalid_request' : 'unsupported_grant_type');
  }

  async function handleRevoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    let client: ManagedLoginClient;
    try {
      client = authenticateClient(req, form);
    } catch {
      throw new OAuthFailure('invalid_client', 401);
    }
    const token = form.get('token');
    if (!token) throw new OAuthFailure('invalid_request');
    counts.add('revoke');
    try {
      await pool.send(
        new RevokeTokenCommand({ Token: token, ClientId: client.clientId, ...(client.clientSecret ? { ClientSecret: client.clientSecret } : {}) }),
      );
    } catch {
      throw new OAuthFailure('unsupported_token_type');
    }
    for (const [sid, s] of sessions) if (s.refreshToken === token) sessions.delete(sid);
    res.writeHead(200, { 'content-length': '0' });
    res.end();
  }

  function handleLogout(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const client = clients.get(url.searchParams.get('client_id') ?? '');
    const logoutUri = url.searchParams.get('logout_uri') ?? '';
    if (!client || !client.logoutUrls.includes(logoutUri)) {
      return htmlPage(res, 400, 'An error was encountered with the requested page.', "<p>Required String parameter 'redirect_uri' is not present</p>");
    }
    counts.add('logout');
    const sid = cookieOf(req, 'cognito');
    if (sid) sessions.delete(sid);
    redirect(res, logoutUri, { 'set-cookie': 'cognito=; Path=/; Max-Age=0' });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    try {
      if (url.pathname === '/oauth2/authorize' && req.method === 'GET') return await handleAuthorize(req, res, url);
      if (url.pathname === '/login' && (req.method === 'GET' || req.method === 'POST')) return await handleLogin(req, res, url);
      if (url.pathname === '/oauth2/token' && req.method === 'POST') return await handleToken(req, res);
      if (url.pathname === '/oauth2/revoke' && req.method === 'POST') return await handleRevoke(req, res);
      if (url.pathname === '/logout' && req.method === 'GET') return handleLogout(req, res, url);
      if (url.pathname === '/passkey' || url.pathname.startsWith('/passkey/')) return await passkeyLogin(req, res, url);
      htmlPage(res, 404, 'Not found', '');
    } catch (error) {
      if (error instanceof OAuthFailure) return json(res, error.status, { error: error.error });
      htmlPage(res, 500, 'Internal error', `<p>${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`);
    }
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  const domain = await listenOnLoopback(server);
  return {
    domain,
    counts,
    issuedCodes,
    setCodeLifetime(ms) {
      codeLifetime = ms;
    },
    stop: async () => {
      pool.destroy();
      await closeServer(server);
    },
  };
}
