import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POOL_DEFAULT_ROLE_KEY } from '../../main/core/credentials/cache-key.js';
import { KeyringStore } from '../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../main/core/keychain/secret-store.js';
import { DEFAULT_DEADLINE_SECONDS } from '../../main/cli/deadline.js';
import { startBackend, type Backend } from '../stand-ins/backend.js';
import { startForwardProxy, type ForwardProxy } from '../stand-ins/forward-proxy.js';
import { seedWorld, type SeededUser, type World } from '../stand-ins/seed.js';
import { makeTestCa, type TestCa } from '../stand-ins/test-ca.js';
import { startTlsGateway, type TlsGateway } from '../stand-ins/tls-gateway.js';
import { blackHole, parseProcessOutput } from '../support/broker-cli.js';
import { cliSandbox, expectCleanRuns, type CliSandbox } from '../support/cli-harness.js';
import { addTestAccount } from '../support/test-account.js';

/**
 * A company network, with real parts: the test backend behind TLS gateways whose certificate comes from a CA
 * the test makes (openssl), reachable only under host names that nothing but a real forward proxy (squid)
 * can resolve. The built command signs in, refreshes, serves credential_process and signs out through the
 * proxy; without it the same calls fail; NO_PROXY is honoured; a wrong, refusing or closing proxy and an
 * untrusted certificate each end in one sentence naming the setting to fix, well within the deadline.
 */
const IDP_HOST = 'cognito-idp.broker.test';
const IDENTITY_HOST = 'cognito-identity.broker.test';
const BLOCKED_HOST = 'blocked.broker.test';
/** In the proxy URL of every run: it must never appear in any output. */
const PROXY_PASSWORD = 'pr0xy-s3cret-pw';

let backend: Backend;
let world: World;
let user: SeededUser;
let dir: string;
let ca: TestCa;
let idpGateway: TlsGateway;
let identityGateway: TlsGateway;
let proxy: ForwardProxy;
let box: CliSandbox;
let store: KeyringStore;
const secrets: string[] = [PROXY_PASSWORD];

/** The proxy variables of a person behind the company proxy, credentials in the URL as the AWS CLI allows. */
const proxied = () => ({ HTTPS_PROXY: `http://broker-user:${PROXY_PASSWORD}@127.0.0.1:${proxy.port}`, AWS_CA_BUNDLE: ca.caFile });

async function addAccount(name: string, idpUrl: string, identityUrl: string): Promise<void> {
  const endpoints = { cognitoIdp: idpUrl, cognitoIdentity: identityUrl };
  const r = await addTestAccount(box, name, world, { username: user.username, endpoints, env: proxied() });
  expect(r.stderr).toBe('');
}

/** Cached credentials that have already expired: the next credential-process must reach the network. */
async function expireCache(name: string): Promise<void> {
  const key = secretKeys.credentials(name, POOL_DEFAULT_ROLE_KEY);
  const text = await store.get(key);
  if (!text) throw new Error(`no cached credentials under ${key}`);
  await store.set(key, JSON.stringify({ ...JSON.parse(text), expiration: new Date(Date.now() - 60_000).toISOString() }));
}

/** A "proxy" that accepts connections and closes them at once. */
async function closingProxy(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** One line on stderr, naming the setting; well within credential-process's deadline. */
function expectOneSentence(stderr: string, setting: RegExp): void {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(setting);
  expect(lines[0]?.match(/\. /g) ?? [], 'one sentence').toHaveLength(0);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-net-'));
  [backend, ca] = await Promise.all([startBackend(), makeTestCa(dir, [IDP_HOST, IDENTITY_HOST, BLOCKED_HOST])]);
  world = await seedWorld(backend);
  user = await world.plainUser(['developers']);
  secrets.push(user.password);
  [idpGateway, identityGateway, proxy, box] = await Promise.all([
    startTlsGateway(backend.userPoolEndpoint, ca),
    startTlsGateway(backend.identityEndpoint, ca),
    startForwardProxy({ hosts: [IDP_HOST, IDENTITY_HOST, BLOCKED_HOST], deny: [BLOCKED_HOST] }),
    cliSandbox(),
  ]);
  store = new KeyringStore(box.home);
  await addAccount('corp', idpGateway.url(IDP_HOST), identityGateway.url(IDENTITY_HOST));
});

afterAll(async () => {
  // Not the issued keys: printing them is credential-process's job.
  box?.assertNoSecrets(secrets);
  expectCleanRuns(box?.outputs ?? []);
  await box?.cleanup();
  await Promise.all([proxy?.stop(), idpGateway?.stop(), identityGateway?.stop()]);
  await backend?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('behind a company proxy with a company CA', () => {
  it('login, a refresh through credential-process, and logout all go through the proxy; without it they fail', async () => {
    const login = await box.run(['login', 'corp', '--password-stdin'], { input: `${user.password}\n`, env: proxied() });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);

    const hit = await box.run(['credential-process', 'corp'], { env: proxied() });
    expect(hit.code).toBe(0);
    await expireCache('corp');
    backend.resetCounts();
    const refreshed = await box.run(['credential-process', 'corp'], { env: proxied() });
    expect(refreshed.stderr).toBe('');
    expect(refreshed.code).toBe(0);
    expect(parseProcessOutput(refreshed.stdout).AccessKeyId).toBe(backend.issued.at(-1)?.accessKeyId);
    expect(backend.counts.identity.get('GetCredentialsForIdentity')).toBe(1);

    // The same refresh with no proxy: the host names resolve nowhere but in the proxy.
    await expireCache('corp');
    const direct = await box.run(['credential-process', 'corp'], { env: { AWS_CA_BUNDLE: ca.caFile } });
    expect(direct.code).not.toBe(0);
    expect(direct.stderr).toMatch(/Could not reach/);

    const logout = await box.run(['logout', 'corp'], { env: proxied() });
    expect(logout.stderr).toBe('');
    expect(logout.code).toBe(0);
    expect(backend.counts.userPool.get('RevokeToken')).toBe(1);

    // Every request the services saw was addressed to a name only the proxy resolves: it came through it.
    const seen = [...idpGateway.requests, ...identityGateway.requests];
    expect(seen.length).toBeGreaterThanOrEqual(8);
    for (const line of seen) expect(line).toMatch(/^cognito-(idp|identity)\.broker\.test:\d+ /);
    expect(idpGateway.requests.some((l) => l.includes('/.well-known/jwks.json'))).toBe(true);
    // And the proxy's log names each tunnel: the user pool (sign-in, keys, refresh, revoke) and the identity pool.
    const log = await proxy.log();
    expect(log.filter((l) => l.includes(`CONNECT ${IDP_HOST}:${idpGateway.port} 200`)).length).toBeGreaterThanOrEqual(3);
    expect(log.filter((l) => l.includes(`CONNECT ${IDENTITY_HOST}:${identityGateway.port} 200`)).length).toBeGreaterThanOrEqual(2);
  });

  it('NO_PROXY: a listed host is reached directly even when HTTPS_PROXY names a dead proxy', async () => {
    await addAccount('inside', `https://127.0.0.1:${idpGateway.port}`, `https://127.0.0.1:${identityGateway.port}`);
    const env = { HTTPS_PROXY: `http://127.0.0.1:${await deadPort()}`, NO_PROXY: 'example.com,127.0.0.1', AWS_CA_BUNDLE: ca.caFile };
    const login = await box.run(['login', 'inside', '--password-stdin'], { input: `${user.password}\n`, env });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    const logout = await box.run(['logout', 'inside'], { env });
    expect(logout.code).toBe(0);
  });
});

describe('one sentence naming the setting, within the deadline', () => {
  beforeAll(async () => {
    const login = await box.run(['login', 'corp', '--password-stdin'], { input: `${user.password}\n`, env: proxied() });
    expect(login.code).toBe(0);
  });

  it('a wrong proxy (nothing listening) names HTTPS_PROXY', async () => {
    await expireCache('corp');
    const started = Date.now();
    const run = await box.run(['credential-process', 'corp'], {
      env: { ...proxied(), HTTPS_PROXY: `http://broker-user:${PROXY_PASSWORD}@127.0.0.1:${await deadPort()}` },
    });
    expect(run.code).not.toBe(0);
    expectOneSentence(run.stderr, /proxy http:\/\/127\.0\.0\.1:\d+ from HTTPS_PROXY .*fix HTTPS_PROXY/);
    expect(Date.now() - started).toBeLessThan(DEFAULT_DEADLINE_SECONDS * 1000);
  });

  it('a proxy that refuses the destination (403 to CONNECT) names HTTPS_PROXY', async () => {
    await addAccount('blocked', idpGateway.url(BLOCKED_HOST), identityGateway.url(BLOCKED_HOST));
    const started = Date.now();
    const run = await box.run(['login', 'blocked', '--password-stdin'], { input: `${user.password}\n`, env: proxied() });
    expect(run.code).not.toBe(0);
    expectOneSentence(run.stderr, /refused to open a connection to blocked\.broker\.test:\d+ \(HTTP 403\); fix HTTPS_PROXY/);
    expect(Date.now() - started).toBeLessThan(DEFAULT_DEADLINE_SECONDS * 1000);
    expect((await proxy.log()).some((l) => l.includes(`CONNECT ${BLOCKED_HOST}:${idpGateway.port} 403`))).toBe(true);
  });

  it('a proxy that closes the connection names HTTPS_PROXY', async () => {
    const closing = await closingProxy();
    try {
      await expireCache('corp');
      const started = Date.now();
      const run = await box.run(['credential-process', 'corp'], { env: { ...proxied(), HTTPS_PROXY: closing.url } });
      expect(run.code).not.toBe(0);
      expectOneSentence(run.stderr, /closed the connection .*; fix HTTPS_PROXY/);
      expect(Date.now() - started).toBeLessThan(DEFAULT_DEADLINE_SECONDS * 1000);
    } finally {
      await closing.close();
    }
  });

  it('a proxy that accepts but never answers names HTTPS_PROXY, before the deadline ends the call', async () => {
    const hole = await blackHole();
    try {
      await expireCache('corp');
      const started = Date.now();
      const run = await box.run(['credential-process', 'corp'], { env: { ...proxied(), HTTPS_PROXY: hole.url } });
      expect(run.code).not.toBe(0);
      expectOneSentence(run.stderr, /did not open a connection to cognito-idp\.broker\.test:\d+ within [\d.]+ s; fix HTTPS_PROXY/);
      expect(Date.now() - started).toBeLessThan(DEFAULT_DEADLINE_SECONDS * 1000);
    } finally {
      await hole.close();
    }
  });

  it('an untrusted certificate (no AWS_CA_BUNDLE) names AWS_CA_BUNDLE', async () => {
    await expireCache('corp');
    const started = Date.now();
    const { AWS_CA_BUNDLE: _omitted, ...withoutCa } = proxied();
    const run = await box.run(['credential-process', 'corp'], { env: withoutCa });
    expect(run.code).not.toBe(0);
    expectOneSentence(run.stderr, /certificate of cognito-idp\.broker\.test is not trusted .*set AWS_CA_BUNDLE/);
    expect(Date.now() - started).toBeLessThan(DEFAULT_DEADLINE_SECONDS * 1000);
  });
});
