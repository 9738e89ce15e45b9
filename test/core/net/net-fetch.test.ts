import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netFetch } from '../../../main/core/net/net-fetch.js';
import { startForwardProxy, type ForwardProxy } from '../../stand-ins/forward-proxy.js';
import { makeTestCa, type TestCa } from '../../stand-ins/test-ca.js';
import { startTlsGateway, type TlsGateway } from '../../stand-ins/tls-gateway.js';

/**
 * The broker's own fetch (signing keys, managed-login token endpoint, console federation) through undici's
 * proxy dispatcher: a real squid, a TLS gateway with a test CA, the same sentences as the SDK path.
 */
const HOST = 'keys.broker.test';
const DENIED = 'denied.broker.test';
let dir: string;
let ca: TestCa;
let upstream: Server;
let gateway: TlsGateway;
let proxy: ForwardProxy;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-netfetch-'));
  upstream = createServer((req, res) => res.end(JSON.stringify({ path: req.url })));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  ca = await makeTestCa(dir, [HOST, DENIED]);
  [gateway, proxy] = await Promise.all([
    startTlsGateway(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, ca),
    startForwardProxy({ hosts: [HOST, DENIED], deny: [DENIED] }),
  ]);
});
afterAll(async () => {
  await Promise.all([proxy?.stop(), gateway?.stop()]);
  await new Promise<void>((resolve) => upstream?.close(() => resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const env = () => ({ HTTPS_PROXY: `http://u:fetch-secret@127.0.0.1:${proxy.port}`, AWS_CA_BUNDLE: ca.caFile });

describe('netFetch behind a proxy with a company CA', () => {
  it('reaches an https host only the proxy resolves, trusting AWS_CA_BUNDLE', async () => {
    const response = await netFetch(`${gateway.url(HOST)}/pool/.well-known/jwks.json`, {}, env());
    expect(await response.json()).toEqual({ path: '/pool/.well-known/jwks.json' });
    expect(gateway.requests.at(-1)).toMatch(/^keys\.broker\.test:\d+ GET \/pool\/\.well-known\/jwks\.json$/);
  });

  it('a refused CONNECT, a dead proxy and an untrusted certificate are one sentence each, without the password', async () => {
    const refused = await netFetch(`${gateway.url(DENIED)}/x`, {}, env()).catch((e: Error) => e);
    expect(String((refused as Error).message)).toMatch(/refused to open a connection to denied\.broker\.test:\d+ \(HTTP 403\); fix HTTPS_PROXY/);

    const port = await new Promise<number>((resolve) => {
      const s = createNetServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const dead = await netFetch(`${gateway.url(HOST)}/x`, {}, { ...env(), HTTPS_PROXY: `http://u:fetch-secret@127.0.0.1:${port}` }).catch((e: Error) => e);
    expect((dead as Error).message).toMatch(/Could not connect to the proxy http:\/\/127\.0\.0\.1:\d+ from HTTPS_PROXY/);

    const untrusted = await netFetch(`${gateway.url(HOST)}/x`, {}, { HTTPS_PROXY: env().HTTPS_PROXY }).catch((e: Error) => e);
    expect((untrusted as Error).message).toMatch(/certificate of keys\.broker\.test is not trusted .*set AWS_CA_BUNDLE/);

    for (const e of [refused, dead, untrusted]) expect((e as Error).message).not.toContain('fetch-secret');
  });

  it('an unreadable AWS_CA_BUNDLE names the variable', async () => {
    await expect(netFetch(`${gateway.url(HOST)}/x`, {}, { ...env(), AWS_CA_BUNDLE: join(dir, 'missing.pem') })).rejects.toThrow(/AWS_CA_BUNDLE/);
  });
});
