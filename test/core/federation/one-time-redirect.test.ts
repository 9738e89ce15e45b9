import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemBrowserOpener } from '../../../main/core/federation/browser-opener.js';
import { isLiveOneTimeRedirect, openThroughOneTimeRedirect, startOneTimeRedirect } from '../../../main/core/federation/one-time-redirect.js';

/**
 * The console sign-in URL is a credential; a browser's argv is readable by every local user. The browser
 * gets a one-time loopback address instead: one redirect, then nothing.
 */
const SECRET = 'https://signin.aws.amazon.com/federation?Action=login&Destination=x&SigninToken=very-secret-token';

function rawGet(url: string, host?: string): Promise<{ status: number; location?: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, headers: host ? { host } : {} }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, ...(res.headers.location ? { location: res.headers.location } : {}) });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('one-time redirect', () => {
  it('answers the first GET with a redirect to the real URL, refuses a second one, then stops listening', async () => {
    const redirect = await startOneTimeRedirect(SECRET, { timeoutMs: 10_000 });
    try {
      expect(redirect.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}$/);
      expect(redirect.url).not.toContain('SigninToken');
      expect(isLiveOneTimeRedirect(redirect.url)).toBe(true);
      // A wrong path, a foreign Host (DNS rebinding) or a POST does not use it up.
      expect((await rawGet(`${new URL(redirect.url).origin}/guess`)).status).toBe(404);
      expect((await rawGet(redirect.url, 'evil.example')).status).toBe(404);
      expect((await fetch(redirect.url, { method: 'POST', redirect: 'manual' })).status).toBe(404);
      const first = await fetch(redirect.url, { redirect: 'manual' });
      expect(first.status).toBe(302);
      expect(first.headers.get('location')).toBe(SECRET);
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(await redirect.followed).toBe(true);
      expect(isLiveOneTimeRedirect(redirect.url)).toBe(false);
      const second = await fetch(redirect.url, { redirect: 'manual' }).then(
        (r) => r.status,
        () => 'refused',
      );
      expect(second).toBe('refused');
    } finally {
      await redirect.close();
    }
  });

  it('closes after its timeout when nothing asked for it', async () => {
    const redirect = await startOneTimeRedirect(SECRET, { timeoutMs: 200 });
    expect(await redirect.followed).toBe(false);
    expect(isLiveOneTimeRedirect(redirect.url)).toBe(false);
    await expect(fetch(redirect.url, { redirect: 'manual' })).rejects.toThrow();
  });

  it('hands a real browser process an argv without the sign-in token, and the browser gets the URL once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'one-time-'));
    try {
      // A stand-in browser: records its argv, then follows the address as a browser would.
      const script = join(dir, 'browser.js');
      await writeFile(
        script,
        `const fs = require('node:fs');
fs.writeFileSync(${JSON.stringify(join(dir, 'argv'))}, JSON.stringify(process.argv.slice(2)));
fetch(process.argv[2], { redirect: 'manual' }).then((r) => fs.writeFileSync(${JSON.stringify(join(dir, 'got'))}, r.headers.get('location') || String(r.status)));
`,
      );
      const { opened, redirect } = await openThroughOneTimeRedirect(systemBrowserOpener('linux', { BROWSER: `${process.execPath} ${script}` }), SECRET, {
        timeoutMs: 10_000,
      });
      try {
        expect(opened).toBe(true);
        expect(await redirect.followed).toBe(true);
        const argv = await readFile(join(dir, 'argv'), 'utf8');
        expect(argv).not.toContain('very-secret-token');
        expect(JSON.parse(argv)).toEqual([redirect.url]);
        await vi.waitFor(async () => expect(await readFile(join(dir, 'got'), 'utf8')).toBe(SECRET));
      } finally {
        await redirect.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('closes at once when no browser could be opened', async () => {
    const { opened, redirect } = await openThroughOneTimeRedirect(async () => false, SECRET);
    expect(opened).toBe(false);
    expect(await redirect.followed).toBe(false);
    expect(isLiveOneTimeRedirect(redirect.url)).toBe(false);
  });
});
