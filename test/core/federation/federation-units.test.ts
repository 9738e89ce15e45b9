import { createServer, request } from 'node:http';
import { createPkce, pkceChallenge, randomState } from '../../../main/core/federation/pkce.js';
import { authorizeUrl, logoutUrl, redirectUri, revokeUrl, tokenUrl } from '../../../main/core/federation/hosted-ui-urls.js';
import { judgeAuthorizationCallback } from '../../../main/core/federation/hosted-ui-sign-in.js';
import { systemBrowserOpener, systemLaunch } from '../../../main/core/federation/browser-opener.js';
import { printingFrontEnd } from '../../../main/core/federation/hosted-ui-session-auth.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoopbackHost, startLoopbackListener } from '../../../main/core/federation/loopback-listener.js';
import { hostedUiSchema } from '../../../main/core/accounts/account.js';
import { BrokerError } from '../../../main/core/errors.js';
import { freePort } from '../../stand-ins/aws-json.js';

describe('PKCE and state', () => {
  it('computes the RFC 7636 appendix B challenge', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a fresh 43-character verifier with its S256 challenge, and unguessable states', () => {
    const a = createPkce();
    const b = createPkce();
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.challenge).toBe(pkceChallenge(a.verifier));
    expect(a.method).toBe('S256');
    expect(a.verifier).not.toBe(b.verifier);
    expect(randomState()).not.toBe(randomState());
  });
});

describe('managed-login URLs', () => {
  const domain = 'https://acme.auth.eu-west-1.amazoncognito.com/';
  it('builds the authorize URL Cognito documents', () => {
    const url = new URL(
      authorizeUrl(domain, {
        clientId: 'abc',
        redirectUri: 'http://localhost:53682/callback',
        scopes: ['openid', 'email'],
        state: 's',
        codeChallenge: 'c',
        identityProvider: 'Google',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://acme.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'abc',
      redirect_uri: 'http://localhost:53682/callback',
      scope: 'openid email',
      state: 's',
      code_challenge: 'c',
      code_challenge_method: 'S256',
      identity_provider: 'Google',
    });
  });

  it('names localhost in the redirect, and builds token, revoke and logout URLs under the domain', () => {
    expect(redirectUri({ redirectPort: 53682, redirectPath: '/callback' })).toBe('http://localhost:53682/callback');
    expect(tokenUrl(domain)).toBe('https://acme.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(revokeUrl(domain)).toBe('https://acme.auth.eu-west-1.amazoncognito.com/oauth2/revoke');
    expect(logoutUrl(domain, 'abc', 'http://localhost:53682/signed-out')).toBe(
      'https://acme.auth.eu-west-1.amazoncognito.com/logout?client_id=abc&logout_uri=http%3A%2F%2Flocalhost%3A53682%2Fsigned-out',
    );
  });

  it('validates the account setting and fills the defaults', () => {
    expect(hostedUiSchema.parse({ domain: 'https://login.example.com', redirectPort: 53682 })).toEqual({
      domain: 'https://login.example.com',
      redirectPort: 53682,
      scopes: ['openid', 'email', 'profile'],
      redirectPath: '/callback',
    });
    expect(hostedUiSchema.safeParse({ domain: 'ftp://x', redirectPort: 53682 }).success).toBe(false);
    expect(hostedUiSchema.safeParse({ domain: 'https://x', redirectPort: 70000 }).success).toBe(false);
    expect(hostedUiSchema.safeParse({ domain: 'https://x', redirectPort: 1, scopes: ['open id'] }).success).toBe(false);
  });
});

describe('judging the callback', () => {
  it('accepts a code with the right state', () => {
    expect(judgeAuthorizationCallback(new URLSearchParams('code=abc&state=s1'), 's1')).toMatchObject({ ok: true, value: 'abc' });
  });

  it('refuses a wrong or missing state before looking at anything else', () => {
    for (const query of ['code=abc&state=s2', 'code=abc', 'error=access_denied&state=other']) {
      const verdict = judgeAuthorizationCallback(new URLSearchParams(query), 's1');
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.error.message).toMatch(/state did not match/);
    }
  });

  it('passes an OAuth error code on, but not the free-text description', () => {
    const verdict = judgeAuthorizationCallback(new URLSearchParams('error=access_denied&error_description=<script>x</script>&state=s1'), 's1');
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.error.message).toBe('The sign-in was refused by Cognito or the identity provider (access_denied).');
      expect(verdict.page.message).not.toContain('script');
    }
    const odd = judgeAuthorizationCallback(new URLSearchParams('error=<b>&state=s1'), 's1');
    if (!odd.ok) expect(odd.error.message).toContain('(unknown)');
  });

  it('refuses a callback without a code', () => {
    const verdict = judgeAuthorizationCallback(new URLSearchParams('state=s1'), 's1');
    expect(verdict.ok).toBe(false);
  });
});

describe('system browser opener', () => {
  it('uses open, rundll32 or xdg-open, and nothing without a display on Linux', () => {
    const url = 'https://x.example/a?b=1&c=2';
    expect(systemLaunch(url, 'darwin', {})).toEqual({ command: 'open', args: [url] });
    expect(systemLaunch(url, 'win32', {})).toEqual({ command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] });
    expect(systemLaunch(url, 'linux', { DISPLAY: ':0' })).toEqual({ command: 'xdg-open', args: [url] });
    expect(systemLaunch(url, 'linux', { WAYLAND_DISPLAY: 'wayland-0' })).toEqual({ command: 'xdg-open', args: [url] });
    expect(systemLaunch(url, 'linux', {})).toBeUndefined();
  });

  it('prefers $BROWSER, with %s or the URL appended, first of a list', () => {
    const url = 'https://x.example/a?b=1&c=2';
    expect(systemLaunch(url, 'linux', { BROWSER: 'firefox' })).toEqual({ command: 'firefox', args: [url] });
    expect(systemLaunch(url, 'linux', { BROWSER: 'chromium --new-window %s:firefox' })).toEqual({ command: 'chromium', args: ['--new-window', url] });
    expect(systemLaunch(url, 'darwin', { BROWSER: 'w3m' })).toEqual({ command: 'w3m', args: [url] });
  });

  it('runs the opener as a real process, handing it the URL untouched, and reports a failing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opener-'));
    try {
      const script = join(dir, 'record.js');
      await writeFile(script, `require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'url'))}, process.argv[2]);\n`);
      const url = 'https://x.example/a?b=1&c=$(touch pwned)';
      expect(await systemBrowserOpener('linux', { BROWSER: `${process.execPath} ${script}` })(url)).toBe(true);
      expect(await readFile(join(dir, 'url'), 'utf8')).toBe(url);
      expect(await systemBrowserOpener('linux', { BROWSER: join(dir, 'no-such-browser') })(url)).toBe(false);
      expect(await systemBrowserOpener('linux', { BROWSER: `${process.execPath} -e process.exit(3)` })(url)).toBe(false);
      expect(await systemBrowserOpener('linux', {})(url)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints the URL for a command-line sign-in whether or not a browser opened', () => {
    let written = '';
    const frontEnd = printingFrontEnd(
      (t) => (written += t),
      async () => true,
    );
    frontEnd.showUrl('https://login.example/oauth2/authorize?x=1', true);
    frontEnd.showUrl('https://login.example/oauth2/authorize?x=2', false);
    expect(written).toBe(
      'Opened your browser to sign in. If it did not open, go to:\n  https://login.example/oauth2/authorize?x=1\n' +
        'Open this address in a browser to sign in:\n  https://login.example/oauth2/authorize?x=2\n',
    );
  });
});

describe('loopback listener', () => {
  const accept = () => ({ ok: true as const, value: 'done', page: { title: 'OK', message: 'Fine.' } });

  it('ignores other paths and methods, answers the one callback, then stops listening', async () => {
    const port = await freePort();
    const listener = await startLoopbackListener({ port, path: '/callback', judge: accept, timeoutMs: 10_000, waitingFor: 'x', hosts: ['127.0.0.1'] });
    expect((await fetch(`http://127.0.0.1:${port}/favicon.ico`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/callback`, { method: 'POST' })).status).toBe(404);
    const res = await fetch(`http://127.0.0.1:${port}/callback?x=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await listener.result).toBe('done');
    await expect(fetch(`http://127.0.0.1:${port}/callback?x=2`)).rejects.toThrow();
  });

  it('refuses a foreign Host and an ignored callback with 400, keeps waiting, and ends only on the real callback', async () => {
    const port = await freePort();
    const judge = (params: URLSearchParams) =>
      params.get('state') === 'right'
        ? { ok: true as const, value: 'real', page: { title: 'OK', message: 'Fine.' } }
        : { ok: false as const, error: new BrokerError('auth-failed', 'state did not match'), page: { title: 'Refused', message: 'Not yours.' }, ignore: true };
    const listener = await startLoopbackListener({ port, path: '/callback', judge, timeoutMs: 10_000, waitingFor: 'x', hosts: ['127.0.0.1'] });
    try {
      const raw = (host: string) => rawGet(port, `/callback?state=right&code=c`, host);
      // DNS rebinding or a foreign name: the right state but the wrong Host does not end the flow.
      expect(await raw('evil.example')).toBe(400);
      expect(await raw(`evil.example:${port}`)).toBe(400);
      expect(await raw(`localhost:${port + 1}`)).toBe(400);
      expect((await fetch(`http://127.0.0.1:${port}/callback?state=wrong&code=c`)).status).toBe(400);
      expect((await fetch(`http://127.0.0.1:${port}/callback`)).status).toBe(400);
      let settled = false;
      void listener.result.then(
        () => (settled = true),
        () => (settled = true),
      );
      await new Promise((r) => setTimeout(r, 20));
      expect(settled).toBe(false);
      expect(await raw(`localhost:${port}`)).toBe(200);
      expect(await listener.result).toBe('real');
    } finally {
      await listener.close();
    }
    expect(isLoopbackHost(`[::1]:${port}`, port)).toBe(true);
    expect(isLoopbackHost(`127.0.0.1:${port}`, port)).toBe(true);
    expect(isLoopbackHost(`LOCALHOST:${port}`, port)).toBe(true);
    expect(isLoopbackHost('localhost', port)).toBe(false);
    expect(isLoopbackHost(undefined, port)).toBe(false);
  });

  it('times out when only ignored callbacks arrived', async () => {
    const port = await freePort();
    const ignore = () => ({ ok: false as const, error: new BrokerError('auth-failed', 'no'), page: { title: 'Refused', message: 'Not yours.' }, ignore: true });
    const listener = await startLoopbackListener({ port, path: '/callback', judge: ignore, timeoutMs: 300, waitingFor: 'x', hosts: ['127.0.0.1'] });
    expect((await fetch(`http://127.0.0.1:${port}/callback?state=x`)).status).toBe(400);
    expect(((await listener.result.catch((e: unknown) => e)) as BrokerError).code).toBe('deadline');
  });

  it('says the port is taken when another program holds it', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await startLoopbackListener({ port, path: '/callback', judge: accept, timeoutMs: 1000, waitingFor: 'x', hosts: ['127.0.0.1'] }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BrokerError);
      expect((error as BrokerError).message).toBe(`Port ${port} on localhost is not available, so the browser's sign-in redirect cannot be received.`);
      expect((error as BrokerError).hint).toMatch(/callback URL/);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('ends with "cancelled" when aborted', async () => {
    const port = await freePort();
    const abort = new AbortController();
    const listener = await startLoopbackListener({
      port,
      path: '/callback',
      judge: accept,
      timeoutMs: 10_000,
      waitingFor: 'x',
      signal: abort.signal,
      hosts: ['127.0.0.1'],
    });
    abort.abort();
    const error = await listener.result.catch((e: unknown) => e);
    expect((error as BrokerError).code).toBe('cancelled');
  });
});

/** A GET with a Host header of our choosing (fetch does not let a caller set it); resolves to the status. */
function rawGet(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
