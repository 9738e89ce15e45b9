import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput } from '../../../main/core/accounts/account.js';
import type { AppService } from '../../../main/core/app/app-service.js';
import { createDefaultAppService } from '../../../main/core/app/default-app-service.js';
import { POOL_DEFAULT_ROLE_KEY } from '../../../main/core/credentials/cache-key.js';
import { keyringStore } from '../../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../../main/core/keychain/secret-store.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { startForwardProxy, type ForwardProxy } from '../../stand-ins/forward-proxy.js';
import { roleArn, seedWorld, type SeededUser, type World } from '../../stand-ins/seed.js';
import { makeTestCa, type TestCa } from '../../stand-ins/test-ca.js';
import { startTlsGateway, type TlsGateway } from '../../stand-ins/tls-gateway.js';
import { blackHole, startCli } from '../../support/broker-cli.js';
import { CLI, runNode, type CliRun } from '../../support/cli-harness.js';
import { startStsServer, type StsServer } from '../../stand-ins/sts-server.js';
import { usePrivateKeychain } from '../../support/private-keychain.js';

/**
 * Every environment variable the README documents (its "Environment" and "Proxies and company CAs" tables)
 * takes effect in both entry points the composition root serves: the built command (dist/cli) and the app
 * service (createDefaultAppService, as Electron and dev:web build it). One `it` per variable and entry point,
 * each with an effect that can be seen: where files go, which server a call reaches, what a session records.
 * COGNITO_BROKER_DEADLINE and NODE_EXTRA_CA_CERTS concern the command only (the credential_process deadline;
 * Node reads the CA file when the command's own Node starts, and the packaged app ignores it on purpose).
 */
const IDP_HOST = 'cognito-idp.broker.test';
const IDENTITY_HOST = 'cognito-identity.broker.test';
const DAY_MS = 86_400_000;

let keychain: Awaited<ReturnType<typeof usePrivateKeychain>> | undefined;
let backend: Backend;
let world: World;
let classic: World;
let user: SeededUser;
let classicUser: SeededUser;
let sts: StsServer;
let ca: TestCa;
let idpGateway: TlsGateway;
let identityGateway: TlsGateway;
let proxy: ForwardProxy;
let root: string;
const services: AppService[] = [];
let serial = 0;

beforeAll(async () => {
  keychain = await usePrivateKeychain();
  root = await mkdtemp(join(tmpdir(), 'cb-settings-'));
  [backend, ca] = await Promise.all([startBackend(), makeTestCa(root, [IDP_HOST, IDENTITY_HOST])]);
  world = await seedWorld(backend);
  classic = await seedWorld(backend, { allowClassicFlow: true, roleMapping: 'none' });
  user = await world.plainUser(['developers']);
  classicUser = await classic.plainUser(['developers']);
  [sts, idpGateway, identityGateway, proxy] = await Promise.all([
    startStsServer({
      openIdJwk: () => backend.openIdPublicJwk(),
      roles: [{ arn: roleArn('BrokerDeveloper'), maxSessionDuration: 43_200, trustedIdentityPools: [classic.identityPoolId] }],
    }),
    startTlsGateway(backend.userPoolEndpoint, ca),
    startTlsGateway(backend.identityEndpoint, ca),
    startForwardProxy({ hosts: [IDP_HOST, IDENTITY_HOST] }),
  ]);
}, 120_000);

afterAll(async () => {
  for (const s of services) s.close();
  await Promise.all([sts?.stop(), idpGateway?.stop(), identityGateway?.stop(), proxy?.stop()].map((p) => p?.catch(() => undefined)));
  await backend?.stop();
  if (root) await rm(root, { recursive: true, force: true });
  await keychain?.restore();
});

/** A fresh place per test: its own folder, broker home and AWS files, named in a child's environment. */
interface Place {
  dir: string;
  home: string;
  env: NodeJS.ProcessEnv;
}

async function place(extra: NodeJS.ProcessEnv = {}): Promise<Place> {
  const dir = join(root, `p${++serial}`);
  await mkdir(dir, { recursive: true });
  const home = join(dir, 'home');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    LANG: 'C.UTF-8',
    // The private Secret Service usePrivateKeychain started (the keychain library reads these per call).
    ...(process.env.DBUS_SESSION_BUS_ADDRESS ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS } : {}),
    ...(process.env.XDG_RUNTIME_DIR ? { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR } : {}),
    COGNITO_BROKER_HOME: home,
    AWS_CONFIG_FILE: join(dir, 'aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws', 'credentials'),
    ...extra,
  };
  return { dir, home, env };
}

// ---------------------------------------------------------------- the built command

async function cli(p: Place, args: string[], input?: string): Promise<CliRun> {
  return runNode([CLI, ...args], p.env, input);
}

async function cliOk(p: Place, args: string[], input?: string): Promise<CliRun> {
  const r = await cli(p, args, input);
  expect(r.stderr, `${args.join(' ')}: ${r.stderr}`).not.toMatch(/error|failed/i);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

interface AccountSpec {
  w?: World;
  u?: SeededUser;
  endpoints?: AccountInput['endpoints'];
  basicFlow?: AccountInput['basicFlow'];
  hostedUi?: AccountInput['hostedUi'];
}

const endpointFlags: Record<string, string> = {
  cognitoIdentityProvider: '--endpoint-url-cognito-idp',
  cognitoIdentity: '--endpoint-url-cognito-identity',
  sts: '--endpoint-url-sts',
};

async function cliAddAccount(p: Place, name: string, spec: AccountSpec = {}): Promise<void> {
  const w = spec.w ?? world;
  const u = spec.u ?? user;
  const flags = Object.entries(spec.endpoints ?? {}).flatMap(([service, url]) => [endpointFlags[service]!, url as string]);
  await cliOk(p, [
    'account',
    'add',
    name,
    '--region',
    w.region,
    '--user-pool-id',
    w.userPoolId,
    '--client-id',
    w.clientId,
    '--identity-pool-id',
    w.identityPoolId,
    '--username',
    u.username,
    ...flags,
  ]);
  if (spec.basicFlow || spec.hostedUi) {
    // Settings the command has no flags for are written into the accounts file as an administrator would.
    const file = join(p.home, 'accounts.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { accounts: Record<string, unknown>[] };
    Object.assign(
      doc.accounts.find((a) => a.name === name)!,
      spec.basicFlow ? { basicFlow: spec.basicFlow } : {},
      spec.hostedUi ? { hostedUi: spec.hostedUi } : {},
    );
    await writeFile(file, JSON.stringify(doc, null, 2), { mode: 0o600 });
  }
}

async function cliLogin(p: Place, name: string, u: SeededUser = user): Promise<void> {
  await cliOk(p, ['login', name, '--password-stdin', '--non-interactive'], `${u.password}\n`);
}

// ---------------------------------------------------------------- the app service

function app(p: Place, options: { home?: boolean } = {}): AppService {
  const service = createDefaultAppService({
    ...(options.home === false ? {} : { home: p.home }),
    env: p.env,
    launcher: { kind: 'node-script', node: process.execPath, script: resolve(CLI) },
  });
  services.push(service);
  return service;
}

function accountInput(name: string, spec: AccountSpec = {}): AccountInput {
  const w = spec.w ?? world;
  return {
    name,
    region: w.region,
    userPoolId: w.userPoolId,
    clientId: w.clientId,
    identityPoolId: w.identityPoolId,
    username: (spec.u ?? user).username,
    ...(spec.endpoints ? { endpoints: spec.endpoints } : {}),
    ...(spec.basicFlow ? { basicFlow: spec.basicFlow } : {}),
    ...(spec.hostedUi ? { hostedUi: spec.hostedUi } : {}),
  } as AccountInput;
}

async function appSignIn(service: AppService, name: string, u: SeededUser = user): Promise<void> {
  const start = await service.signInStart(name);
  expect(start.step.kind).toBe('password');
  const done = await service.signInAnswer(start.flowId, u.password);
  expect(done.step, JSON.stringify(done.step)).toMatchObject({ kind: 'done' });
}

// ---------------------------------------------------------------- the variables

/** How one variable is proven in one entry point. */
interface Case {
  variable: string;
  cli: () => Promise<void>;
  app?: () => Promise<void>;
}

const userPoolCalls = () => backend.counts.userPool.get('InitiateAuth');
const identityCalls = () => backend.counts.identity.get('GetCredentialsForIdentity');

/** Signs in with only `variable` telling where one service is; the account names the other. */
function endpointCase(variable: string, accountEndpoints: () => AccountInput['endpoints'], value: () => string, calls: () => number): Case {
  return {
    variable,
    async cli() {
      const p = await place({ [variable]: value() });
      await cliAddAccount(p, 'env-endpoint', { endpoints: accountEndpoints() });
      const before = calls();
      await cliLogin(p, 'env-endpoint');
      expect(calls()).toBeGreaterThan(before);
    },
    async app() {
      const p = await place({ [variable]: value() });
      const service = app(p);
      await service.addAccount(accountInput('env-endpoint', { endpoints: accountEndpoints() }));
      const before = calls();
      await appSignIn(service, 'env-endpoint');
      expect(calls()).toBeGreaterThan(before);
    },
  };
}

/** A browser that writes down the address it was asked to open, and exits as a launcher does. */
async function recordingBrowser(dir: string): Promise<{ command: string; opened(): Promise<string> }> {
  const script = join(dir, 'browser.cjs');
  const out = join(dir, 'opened.txt');
  await writeFile(script, `require('node:fs').writeFileSync(${JSON.stringify(out)}, process.argv[2] ?? '');\n`);
  return {
    command: `${process.execPath} ${script}`,
    async opened() {
      for (let i = 0; i < 400; i++) {
        const text = await readFile(out, 'utf8').catch(() => '');
        if (text) return text;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('the browser was never started');
    },
  };
}

const hostedUi = (port: number) => ({ domain: 'https://login.broker.test', redirectPort: port, scopes: ['openid'] }) as unknown as AccountInput['hostedUi'];

/** Sign-in through the TLS gateways under names only the forward proxy resolves. */
const proxiedHttps = () => ({ cognitoIdentityProvider: idpGateway.url(IDP_HOST), cognitoIdentity: identityGateway.url(IDENTITY_HOST) });
/** The same servers over plain http, under the same names. */
const proxiedHttp = () => ({
  cognitoIdentityProvider: backend.userPoolEndpoint.replace('127.0.0.1', IDP_HOST),
  cognitoIdentity: backend.identityEndpoint.replace('127.0.0.1', IDENTITY_HOST),
});
const direct = () => ({ cognitoIdentityProvider: backend.userPoolEndpoint, cognitoIdentity: backend.identityEndpoint });
const directTls = () => ({ cognitoIdentityProvider: idpGateway.url('127.0.0.1'), cognitoIdentity: identityGateway.url('127.0.0.1') });

/** A sign-in whose only way to its servers is what `extra` says; `check` sees what happened on the way. */
function networkCase(variable: string, extra: () => NodeJS.ProcessEnv, endpoints: () => AccountInput['endpoints'], check: () => Promise<void>): Case {
  return {
    variable,
    async cli() {
      const p = await place(extra());
      await cliAddAccount(p, 'net', { endpoints: endpoints() });
      await cliLogin(p, 'net');
      await check();
    },
    async app() {
      const p = await place(extra());
      const service = app(p);
      await service.addAccount(accountInput('net', { endpoints: endpoints() }));
      await appSignIn(service, 'net');
      await check();
    },
  };
}

async function proxySaw(pattern: RegExp): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if ((await proxy.log()).some((line) => pattern.test(line))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(await proxy.log()).toContainEqual(expect.stringMatching(pattern));
}

const cases: Case[] = [
  {
    variable: 'COGNITO_BROKER_HOME',
    async cli() {
      const p = await place();
      const elsewhere = join(p.dir, 'elsewhere');
      const r = await runNode(
        [CLI, 'account', 'add', 'homed', '--user-pool-id', world.userPoolId, '--client-id', world.clientId, '--identity-pool-id', world.identityPoolId],
        {
          ...p.env,
          COGNITO_BROKER_HOME: elsewhere,
        },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(await readFile(join(elsewhere, 'accounts.json'), 'utf8')).accounts.map((a: { name: string }) => a.name)).toEqual(['homed']);
    },
    async app() {
      const p = await place();
      const elsewhere = join(p.dir, 'elsewhere');
      const service = app({ ...p, env: { ...p.env, COGNITO_BROKER_HOME: elsewhere } }, { home: false });
      await service.addAccount(accountInput('homed'));
      expect(JSON.parse(await readFile(join(elsewhere, 'accounts.json'), 'utf8')).accounts.map((a: { name: string }) => a.name)).toEqual(['homed']);
    },
  },
  {
    variable: 'AWS_CONFIG_FILE',
    async cli() {
      const p = await place();
      await cliAddAccount(p, 'cfg', { endpoints: direct() });
      await cliOk(p, ['use', 'cfg']);
      expect(await readFile(p.env.AWS_CONFIG_FILE!, 'utf8')).toMatch(/^\[profile cognito-broker-active\]$/m);
    },
    async app() {
      const p = await place();
      const service = app(p);
      await service.addAccount(accountInput('cfg', { endpoints: direct() }));
      await service.setActiveAccount('cfg');
      expect(await readFile(p.env.AWS_CONFIG_FILE!, 'utf8')).toMatch(/^\[profile cognito-broker-active\]$/m);
    },
  },
  {
    variable: 'AWS_SHARED_CREDENTIALS_FILE',
    async cli() {
      const p = await place();
      await mkdir(join(p.dir, 'aws'), { recursive: true });
      await writeFile(p.env.AWS_SHARED_CREDENTIALS_FILE!, '[cognito-broker-active]\naws_access_key_id = AKIDSHADOW\naws_secret_access_key = shadow\n');
      await cliAddAccount(p, 'shadowed', { endpoints: direct() });
      await cliOk(p, ['use', 'shadowed']);
      const views = JSON.parse((await cliOk(p, ['profiles', 'list', '--json'])).stdout) as { name: string; effective: boolean; warning?: string }[];
      const active = views.find((v) => v.name === 'cognito-broker-active');
      expect(active?.effective).toBe(false);
      expect(active?.warning).toContain(p.env.AWS_SHARED_CREDENTIALS_FILE);
    },
    async app() {
      const p = await place();
      await mkdir(join(p.dir, 'aws'), { recursive: true });
      await writeFile(p.env.AWS_SHARED_CREDENTIALS_FILE!, '[cognito-broker-active]\naws_access_key_id = AKIDSHADOW\naws_secret_access_key = shadow\n');
      const service = app(p);
      await service.addAccount(accountInput('shadowed', { endpoints: direct() }));
      await service.setActiveAccount('shadowed');
      const active = (await service.listProfiles()).find((v) => v.name === 'cognito-broker-active');
      expect(active?.effective).toBe(false);
      expect(active?.warning).toContain(p.env.AWS_SHARED_CREDENTIALS_FILE);
    },
  },
  endpointCase(
    'AWS_ENDPOINT_URL',
    () => ({ cognitoIdentity: backend.identityEndpoint }),
    () => backend.userPoolEndpoint,
    userPoolCalls,
  ),
  endpointCase(
    'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER',
    () => ({ cognitoIdentity: backend.identityEndpoint }),
    () => backend.userPoolEndpoint,
    userPoolCalls,
  ),
  endpointCase(
    'AWS_ENDPOINT_URL_COGNITO_IDENTITY',
    () => ({ cognitoIdentityProvider: backend.userPoolEndpoint }),
    () => backend.identityEndpoint,
    identityCalls,
  ),
  {
    variable: 'AWS_ENDPOINT_URL_STS',
    async cli() {
      const p = await place({ AWS_ENDPOINT_URL_STS: sts.endpoint });
      await cliAddAccount(p, 'long', { w: classic, u: classicUser, endpoints: direct(), basicFlow: { durationSeconds: 7200 } });
      const before = sts.issued.length;
      await cliLogin(p, 'long', classicUser);
      expect(sts.issued.length).toBe(before + 1);
    },
    async app() {
      const p = await place({ AWS_ENDPOINT_URL_STS: sts.endpoint });
      const service = app(p);
      await service.addAccount(accountInput('long', { w: classic, u: classicUser, endpoints: direct(), basicFlow: { durationSeconds: 7200 } }));
      const before = sts.issued.length;
      await appSignIn(service, 'long', classicUser);
      expect(sts.issued.length).toBe(before + 1);
    },
  },
  {
    // credential-process's own deadline: the app has no such call.
    variable: 'COGNITO_BROKER_DEADLINE',
    async cli() {
      const p = await place();
      await cliAddAccount(p, 'slow', { endpoints: direct() });
      await cliLogin(p, 'slow');
      // Stale credentials and a user pool that never answers: only the deadline ends the renewal.
      const store = keyringStore(p.home);
      const key = secretKeys.credentials('slow', POOL_DEFAULT_ROLE_KEY);
      await store.set(key, JSON.stringify({ ...JSON.parse((await store.get(key))!), expiration: new Date(Date.now() - 60_000).toISOString() }));
      const hole = await blackHole();
      try {
        await cliOk(p, ['account', 'update', 'slow', '--endpoint-url-cognito-idp', hole.url]);
        const r = await runNode([CLI, 'credential-process', 'slow', '--wait', '0'], { ...p.env, COGNITO_BROKER_DEADLINE: '1.5' });
        expect(r.code).not.toBe(0);
        expect(r.stderr).toContain('gave up after 1.5 s (the deadline)');
      } finally {
        await hole.close();
      }
    },
  },
  {
    variable: 'COGNITO_BROKER_REFRESH_TOKEN_DAYS',
    async cli() {
      const p = await place({ COGNITO_BROKER_REFRESH_TOKEN_DAYS: '3' });
      await cliAddAccount(p, 'days', { endpoints: direct() });
      await cliLogin(p, 'days');
      const status = JSON.parse((await cliOk(p, ['status', 'days', '--json'])).stdout) as { refreshTokenExpiresAt: string };
      const left = Date.parse(status.refreshTokenExpiresAt) - Date.now();
      expect(left).toBeGreaterThan(3 * DAY_MS - 10 * 60_000);
      expect(left).toBeLessThanOrEqual(3 * DAY_MS);
    },
    async app() {
      const p = await place({ COGNITO_BROKER_REFRESH_TOKEN_DAYS: '3' });
      const service = app(p);
      await service.addAccount(accountInput('days', { endpoints: direct() }));
      await appSignIn(service, 'days');
      const { session } = await service.getAccount('days');
      const left = Date.parse(session.refreshTokenExpiresAt!) - Date.now();
      expect(left).toBeGreaterThan(3 * DAY_MS - 10 * 60_000);
      expect(left).toBeLessThanOrEqual(3 * DAY_MS);
    },
  },
  {
    variable: 'BROWSER',
    async cli() {
      const p = await place();
      const browser = await recordingBrowser(p.dir);
      await cliAddAccount(p, 'fed', { endpoints: direct(), hostedUi: hostedUi(await freePort()) });
      const run = startCli(['login', 'fed', '--non-interactive'], { ...p.env, BROWSER: browser.command });
      try {
        expect(await browser.opened()).toMatch(/^https:\/\/login\.broker\.test\/oauth2\/authorize\?/);
      } finally {
        run.child.kill('SIGTERM');
        await run.done;
      }
    },
    async app() {
      const p = await place();
      const browser = await recordingBrowser(p.dir);
      const service = app({ ...p, env: { ...p.env, BROWSER: browser.command } });
      await service.addAccount(accountInput('fed', { endpoints: direct(), hostedUi: hostedUi(await freePort()) }));
      const start = await service.signInStart('fed');
      try {
        expect(await browser.opened()).toMatch(/^https:\/\/login\.broker\.test\/oauth2\/authorize\?/);
      } finally {
        await service.signInCancel(start.flowId);
      }
    },
  },
  networkCase(
    'HTTPS_PROXY',
    () => ({ HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: ca.caFile }),
    proxiedHttps,
    () => proxySaw(new RegExp(`CONNECT ${IDP_HOST.replace(/\./g, '\\.')}:`)),
  ),
  networkCase(
    'HTTP_PROXY',
    () => ({ HTTP_PROXY: proxy.url }),
    proxiedHttp,
    () => proxySaw(new RegExp(`POST http://${IDENTITY_HOST.replace(/\./g, '\\.')}:`)),
  ),
  networkCase(
    'NO_PROXY',
    // Both proxies are black holes: only NO_PROXY lets the sign-in reach the servers on 127.0.0.1.
    () => ({ HTTP_PROXY: noProxyHole, HTTPS_PROXY: noProxyHole, NO_PROXY: '127.0.0.1' }),
    direct,
    async () => undefined,
  ),
  networkCase(
    'AWS_CA_BUNDLE',
    () => ({ AWS_CA_BUNDLE: ca.caFile }),
    directTls,
    async () => {
      expect(idpGateway.requests.length).toBeGreaterThan(0);
    },
  ),
  {
    // Read by the command's own Node when it starts; the app ignores it on purpose (README).
    variable: 'NODE_EXTRA_CA_CERTS',
    async cli() {
      const p = await place({ NODE_EXTRA_CA_CERTS: ca.caFile });
      await cliAddAccount(p, 'tls', { endpoints: directTls() });
      const before = identityGateway.requests.length;
      await cliLogin(p, 'tls');
      expect(identityGateway.requests.length).toBeGreaterThan(before);
    },
  },
];

let noProxyHole = '';
let noProxyHoleClose: (() => Promise<void>) | undefined;
beforeAll(async () => {
  const hole = await blackHole();
  noProxyHole = hole.url;
  noProxyHoleClose = hole.close;
});
afterAll(async () => {
  await noProxyHoleClose?.();
});

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('every documented setting, through the built command', () => {
  for (const c of cases) it(`${c.variable}`, c.cli, 60_000);
});

describe('every documented setting, through the app service', () => {
  for (const c of cases) if (c.app) it(`${c.variable}`, c.app, 60_000);
});
