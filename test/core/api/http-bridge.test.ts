import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppEventHub } from '../../../main/core/api/event-feed.js';
import { startBridge, tokensEqual, type RunningBridge } from '../../../main/core/api/http-bridge.js';
import { CONTENT_SECURITY_POLICY } from '../../../main/core/api/content-security-policy.js';
import { fakeAppApi } from '../../support/fake-app-api.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so tests can set any Host or Origin header (fetch would not let us). */
function raw(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string; host?: string } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: options.host ?? '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('HTTP bridge', () => {
  let dir: string;
  let bridge: RunningBridge;
  const api = fakeAppApi();
  const events = new AppEventHub();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bridge-'));
    const site = join(dir, 'renderer');
    await mkdir(join(site, 'assets'), { recursive: true });
    await writeFile(join(site, 'index.html'), '<!doctype html><title>Cognito Broker</title><script type="module" src="./assets/app.js"></script>');
    await writeFile(join(site, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(dir, 'outside.txt'), 'not for you');
    await symlink(join(dir, 'outside.txt'), join(site, 'link.txt'));
    api.answers.listAccounts = () => [{ name: 'dev' }];
    bridge = await startBridge({ api, events, staticDir: site, heartbeatMs: 50 });
  });

  afterAll(async () => {
    await bridge.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const call = (body: unknown, token: string | null = bridge.token, headers: Record<string, string> = {}) =>
    raw(bridge.port, '/api/call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token === null ? {} : { Authorization: `Bearer ${token}` }), ...headers },
      body: JSON.stringify(body),
    });

  it('binds only to 127.0.0.1 and prints a URL with the token in its fragment', async () => {
    expect(bridge.origin).toBe(`http://127.0.0.1:${bridge.port}`);
    expect(bridge.url).toBe(`${bridge.origin}/#token=${bridge.token}`);
    expect(bridge.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (other) {
      await expect(raw(bridge.port, '/', { host: other.address })).rejects.toThrow(/ECONNREFUSED/);
    }
    // Whatever interfaces exist, the listening socket itself is the loopback address.
    await expect(raw(bridge.port, '/', { host: '::1' })).rejects.toThrow();
  });

  it('answers a call with the right token through dispatch', async () => {
    const r = await call({ method: 'listAccounts', args: [] });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, result: [{ name: 'dev' }] });
  });

  it('refuses calls without the token or with a wrong one (401), and never reaches the core', async () => {
    const before = api.calls.length;
    for (const token of [null, '', 'wrong', bridge.token.slice(1), `${bridge.token}x`]) {
      const r = await call({ method: 'listAccounts', args: [] }, token);
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).ok).toBe(false);
    }
    expect(api.calls.length).toBe(before);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    const before = api.calls.length;
    const rebinding = await raw(bridge.port, '/api/call', {
      method: 'POST',
      headers: { Host: `evil.example:${bridge.port}`, 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` },
      body: '{"method":"listAccounts","args":[]}',
    });
    expect(rebinding.status).toBe(421);
    const crossOrigin = await call({ method: 'listAccounts', args: [] }, bridge.token, { Origin: 'https://evil.example' });
    expect(crossOrigin.status).toBe(403);
    expect(api.calls.length).toBe(before);
  });

  it('refuses non-JSON bodies, bad JSON and oversized bodies with clear errors', async () => {
    const form = await raw(bridge.port, '/api/call', {
      method: 'POST',
      headers: { Authorization: `Bearer ${bridge.token}`, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const bad = await raw(bridge.port, '/api/call', {
      method: 'POST',
      headers: { Authorization: `Bearer ${bridge.token}`, 'Content-Type': 'application/json' },
      body: '{nope',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toMatch(/not valid JSON/);
    const big = await call({ method: 'importAccounts', args: ['x'.repeat(3 * 1024 * 1024)] });
    expect(big.status).toBe(413);
  });

  it('serves the renderer with a strict CSP header and never a file outside its folder', async () => {
    const index = await raw(bridge.port, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const js = await raw(bridge.port, '/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/text\/javascript/);
    for (const path of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt', '/link.txt', '/missing.js']) {
      const r = await raw(bridge.port, path);
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('not for you');
    }
  });

  it('delivers events over SSE only with the token', async () => {
    const denied = await fetch(`${bridge.origin}/api/events?token=wrong`);
    expect(denied.status).toBe(401);

    const controller = new AbortController();
    const res = await fetch(`${bridge.origin}/api/events?token=${encodeURIComponent(bridge.token)}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const waitFor = async (needle: string): Promise<void> => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value, { stream: true });
      }
    };
    await waitFor('retry:');
    await vi.waitFor(() => expect(events.listenerCount).toBe(1));
    events.emit('accounts-changed', { reason: 'signed in' });
    events.emit('sign-in-requested', { account: 'dev' });
    // An event that would carry a secret never reaches the stream.
    events.emit('activity', { at: 'now', kind: 'sign-in', message: 'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl' });
    events.emit('activity', { at: 'now', kind: 'refresh', message: 'refreshed' });
    await waitFor('refreshed');
    expect(text).toContain('event: accounts-changed\ndata: {"reason":"signed in"}\n\n');
    expect(text).toContain('event: sign-in-requested\ndata: {"account":"dev"}\n\n');
    expect(text).not.toContain('eyJ');
    await waitFor(': keep-alive');
    controller.abort();
    await vi.waitFor(() => expect(events.listenerCount).toBe(0));
  });

  it('compares tokens in constant time regardless of length', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('abc', 'abcd')).toBe(false);
    expect(tokensEqual('abc', undefined)).toBe(false);
  });

  it('stops: the port is closed afterwards', async () => {
    const second = await startBridge({ api, events, staticDir: dir });
    const open = await fetch(`${second.origin}/api/events?token=${second.token}`);
    expect(open.status).toBe(200);
    await second.stop();
    await expect(raw(second.port, '/')).rejects.toThrow(/ECONNREFUSED/);
  });
});
