import { get } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { netFetch } from '../../main/core/net/net-fetch.js';
import { RoutingAgent } from '../../main/core/net/sdk-agent.js';
import { systemProxyResolver } from '../../main/core/net/system-proxy.js';
import { installSystemProxy } from '../../main/electron/system-proxy.js';
import { startForwardProxy, type ForwardProxy } from '../stand-ins/forward-proxy.js';

/**
 * The app's system proxy: Electron's session.resolveProxy played by a fake that answers in PAC syntax, in
 * front of a real proxy (squid) that alone resolves the service's host name. Both kinds of request the core
 * makes — its own fetch and the AWS SDK's agent — follow the answer; a proxy variable overrides it.
 */
const HOST = 'svc.broker.test';
let proxy: ForwardProxy;
let server: Server;
let port: number;
let remove: (() => void) | undefined;

beforeAll(async () => {
  server = createServer((req, res) => res.end(`hello ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  proxy = await startForwardProxy({ hosts: [HOST] });
});
afterEach(() => remove?.());
afterAll(async () => {
  await proxy?.stop();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

function fakeSession(answer: string) {
  const asked: string[] = [];
  return { asked, session: { resolveProxy: async (url: string) => (asked.push(url), answer) } };
}

function viaAgent(agent: RoutingAgent, host: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host, port, path, agent }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (d: string) => (body += d))
        .on('end', () => resolve(body));
    }).on('error', reject);
  });
}

describe('system proxy settings through Electron (fake session, real proxy)', () => {
  it('"PROXY host:port; DIRECT": the core fetch and the SDK agent both go through that proxy', async () => {
    const fake = fakeSession(`PROXY 127.0.0.1:${proxy.port}; DIRECT`);
    remove = installSystemProxy(fake.session);
    const response = await netFetch(`http://${HOST}:${port}/fetch`, {}, {});
    expect(await response.text()).toBe('hello /fetch');
    const agent = new RoutingAgent({});
    try {
      expect(await viaAgent(agent, HOST, '/sdk')).toBe('hello /sdk');
    } finally {
      agent.destroy();
    }
    expect(fake.asked).toEqual([`http://${HOST}:${port}/`, `http://${HOST}:${port}/`]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = (await proxy.log()).join('\n');
    expect(log).toContain(`${HOST}:${port}`);
    expect(log).toContain(`GET http://${HOST}:${port}/sdk 200`);
  });

  it('a proxy variable wins over the system settings, which are then not asked', async () => {
    const fake = fakeSession('DIRECT');
    remove = installSystemProxy(fake.session);
    const response = await netFetch(`http://${HOST}:${port}/env`, {}, { HTTP_PROXY: `http://127.0.0.1:${proxy.port}` });
    expect(await response.text()).toBe('hello /env');
    expect(fake.asked).toEqual([]);
  });

  it('"DIRECT" connects directly, and NO_PROXY skips asking', async () => {
    const fake = fakeSession('DIRECT');
    remove = installSystemProxy(fake.session);
    expect(await (await netFetch(`http://127.0.0.1:${port}/direct`, {}, {})).text()).toBe('hello /direct');
    expect(fake.asked).toEqual([`http://127.0.0.1:${port}/`]);
    // Only the proxy resolves this name: going direct fails.
    await expect(netFetch(`http://${HOST}:${port}/direct`, {}, {})).rejects.toThrow();
    const before = fake.asked.length;
    expect(await (await netFetch(`http://127.0.0.1:${port}/np`, {}, { NO_PROXY: '127.0.0.1' })).text()).toBe('hello /np');
    expect(fake.asked.length).toBe(before);
  });

  it('removing the resolver (the shell does on quit) leaves the core without one', () => {
    const fake = fakeSession('DIRECT');
    const off = installSystemProxy(fake.session);
    expect(systemProxyResolver()).toBeDefined();
    off();
    expect(systemProxyResolver()).toBeUndefined();
  });
});
