import { createHash } from 'node:crypto';
import { startUserPool, REGION, type UserPoolFixture } from './user-pool-fixture.js';
import { startManagedLogin, type ManagedLoginServer } from './managed-login-server.js';
import { CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';

/**
 * The managed-login stand-in on the wire, as Cognito documents its endpoints: authorize checks, the login
 * form against the real pool, PKCE, single-use and short-lived codes, client authentication, grant types,
 * revocation and logout.
 */
let pool: UserPoolFixture;
let login: ManagedLoginServer;
let secretClient: { clientId: string; clientSecret: string };
const CALLBACK = 'http://localhost:53682/callback';
const SIGNED_OUT = 'http://localhost:53682/signed-out';
const VERIFIER = 'a'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

beforeAll(async () => {
  pool = await startUserPool();
  await pool.createUser('wire', 'Wire-Passw0rd');
  const out = await pool.admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: pool.userPoolId,
      ClientName: 'confidential',
      GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  secretClient = { clientId: out.UserPoolClient!.ClientId!, clientSecret: out.UserPoolClient!.ClientSecret! };
  login = await startManagedLogin({
    userPoolEndpoint: pool.endpoint,
    region: REGION,
    clients: [
      { clientId: pool.clientId, callbackUrls: [CALLBACK], logoutUrls: [SIGNED_OUT] },
      { ...secretClient, callbackUrls: [CALLBACK], logoutUrls: [SIGNED_OUT] },
    ],
  });
});

afterAll(async () => {
  await login?.stop();
  await pool?.stop();
});

function authorizeQuery(overrides: Record<string, string | null> = {}, clientId = pool.clientId): URLSearchParams {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CALLBACK,
    scope: 'openid',
    state: 'st',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
  });
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) q.delete(k);
    else q.set(k, v);
  }
  return q;
}

async function get(path: string, query: URLSearchParams): Promise<Response> {
  return fetch(`${login.domain}${path}?${query.toString()}`, { redirect: 'manual' });
}

/** Logs in through the form and returns the code from the redirect. */
async function codeFor(query: URLSearchParams, password = 'Wire-Passw0rd'): Promise<string> {
  const res = await fetch(`${login.domain}/login?${query.toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'wire', password }),
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  expect(location.searchParams.get('state')).toBe('st');
  return location.searchParams.get('code')!;
}

async function token(
  form: Record<string, string>,
  basic?: { clientId: string; clientSecret: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${basic.clientId}:${basic.clientSecret}`).toString('base64')}`;
  const res = await fetch(`${login.domain}/oauth2/token`, { method: 'POST', headers, body: new URLSearchParams(form) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const exchange = (code: string, extra: Record<string, string> = {}) => ({
  grant_type: 'authorization_code',
  client_id: pool.clientId,
  code,
  redirect_uri: CALLBACK,
  code_verifier: VERIFIER,
  ...extra,
});

describe('/oauth2/authorize', () => {
  it('sends a valid request to the login form', async () => {
    const res = await get('/oauth2/authorize', authorizeQuery());
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?/);
    const form = await get('/login', authorizeQuery());
    expect(await form.text()).toContain('<input name="password" type="password"');
  });

  it('shows an error page, never a redirect, for an unknown client or a redirect_uri not registered', async () => {
    const unknown = await get('/oauth2/authorize', authorizeQuery({ client_id: 'nope' }));
    expect(unknown.status).toBe(400);
    const mismatch = await get('/oauth2/authorize', authorizeQuery({ redirect_uri: 'http://localhost:1/callback' }));
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('redirect_mismatch');
  });

  it.each([
    ['a response_type other than code', { response_type: 'token' }, 'unsupported_response_type'],
    ['a scope the client may not ask for', { scope: 'openid admin' }, 'invalid_scope'],
    ['the plain PKCE method', { code_challenge_method: 'plain' }, 'invalid_request'],
  ])('redirects back with an error for %s', async (_what, overrides, error) => {
    const res = await get('/oauth2/authorize', authorizeQuery(overrides));
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe('st');
  });
});

describe('/login and /oauth2/token', () => {
  it('re-shows the form for a wrong password', async () => {
    const res = await fetch(`${login.domain}/login?${authorizeQuery().toString()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'wire', password: 'wrong' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Incorrect username or password.');
  });

  it('exchanges a code once, with the right verifier, for the pool tokens', async () => {
    const code = await codeFor(authorizeQuery());
    const first = await token(exchange(code));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(String(first.body.id_token).split('.')).toHaveLength(3);
    expect(first.body.refresh_token).toBeTruthy();
    expect(await token(exchange(code))).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a wrong verifier, another redirect_uri and an expired code, each burning the code', async () => {
    const wrongVerifier = await codeFor(authorizeQuery());
    expect((await token(exchange(wrongVerifier, { code_verifier: 'b'.repeat(43) }))).body).toEqual({ error: 'invalid_grant' });
    expect((await token(exchange(wrongVerifier))).body).toEqual({ error: 'invalid_grant' });

    const otherRedirect = await codeFor(authorizeQuery());
    expect((await token(exchange(otherRedirect, { redirect_uri: 'http://localhost:53682/other' }))).body).toEqual({ error: 'invalid_grant' });

    login.setCodeLifetime(0);
    try {
      const expired = await codeFor(authorizeQuery());
      await new Promise((r) => setTimeout(r, 5));
      expect((await token(exchange(expired))).body).toEqual({ error: 'invalid_grant' });
    } finally {
      login.setCodeLifetime(5 * 60 * 1000);
    }
  });

  it('requires HTTP Basic from a client with a secret', async () => {
    const query = authorizeQuery({}, secretClient.clientId);
    const code = await codeFor(query);
    const form = { grant_type: 'authorization_code', client_id: secretClient.clientId, code, redirect_uri: CALLBACK, code_verifier: VERIFIER };
    expect(await token(form)).toEqual({ status: 400, body: { error: 'invalid_client' } });
    expect((await token(form, { ...secretClient, clientSecret: 'wrong' })).body).toEqual({ error: 'invalid_client' });
    const code2 = await codeFor(query);
    const ok = await token({ ...form, code: code2 }, secretClient);
    expect(ok.status).toBe(200);
    const refreshed = await token(
      { grant_type: 'refresh_token', client_id: secretClient.clientId, refresh_token: String(ok.body.refresh_token) },
      secretClient,
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeUndefined();
  });

  it('refuses an unknown grant type and a missing one', async () => {
    expect((await token({ grant_type: 'password', client_id: pool.clientId })).body).toEqual({ error: 'unsupported_grant_type' });
    expect((await token({ client_id: pool.clientId })).body).toEqual({ error: 'invalid_request' });
  });
});

describe('/oauth2/revoke and /logout', () => {
  it('revokes a refresh token so it no longer refreshes', async () => {
    const code = await codeFor(authorizeQuery());
    const refreshToken = String((await token(exchange(code))).body.refresh_token);
    const revoke = await fetch(`${login.domain}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, client_id: pool.clientId }),
    });
    expect(revoke.status).toBe(200);
    expect(await revoke.text()).toBe('');
    expect((await token({ grant_type: 'refresh_token', client_id: pool.clientId, refresh_token: refreshToken })).body).toEqual({ error: 'invalid_grant' });
  });

  it('refuses revocation by an unknown client with 401', async () => {
    const res = await fetch(`${login.domain}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'x', client_id: 'nope' }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid_client' });
  });

  it('redirects /logout only to a registered sign-out URL', async () => {
    const ok = await get('/logout', new URLSearchParams({ client_id: pool.clientId, logout_uri: SIGNED_OUT }));
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe(SIGNED_OUT);
    const bad = await get('/logout', new URLSearchParams({ client_id: pool.clientId, logout_uri: 'https://evil.example/' }));
    expect(bad.status).toBe(400);
  });
});
