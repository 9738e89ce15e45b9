/* eslint-disable @typescript-eslint/no-explicit-any -- because the stand-in's records and replies arrive as JSON over IPC, shaped as each test asserts */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addAccount } from '../../main/core/accounts/account-store.js';
import { CONTENT_SECURITY_POLICY } from '../../main/core/api/content-security-policy.js';
import { API_CALL_CHANNEL } from '../../main/contract/transport.js';
import { handOffSocketPath } from '../../main/core/hand-off/hand-off-protocol.js';
import { keyringStore } from '../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../main/core/keychain/secret-store.js';
import { usePrivateKeychain } from '../support/private-keychain.js';

/**
 * The BUILT main bundle (dist/main/main.cjs, as electron-builder packages it) run in a Node child process
 * against a stand-in `electron` module (test/electron/stand-in) and the real core on a temp broker home.
 * main/electron/main.ts is the one file that wires Electron's objects; this is where its paths, its
 * choice of Electron members and the files it names are checked. What a stand-in cannot show (a real
 * window drawing the page, the OS tray, the preload running in Chromium's sandbox) needs a desktop: see
 * the README's "Checking the desktop app by hand".
 */
const ROOT = join(__dirname, '..', '..');
const MAIN_BUNDLE = join(ROOT, 'dist', 'main', 'main.cjs');
const HOOK = join(__dirname, 'stand-in', 'resolve-electron.cjs');

interface Rec {
  type: 'record';
  what: string;
  [key: string]: any;
}

interface MenuItem {
  type?: string;
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  submenu?: MenuItem[];
}

interface RunningMain {
  proc: ChildProcess;
  records: Rec[];
  stderr(): string;
  call(cmd: string, args?: Record<string, unknown>): Promise<any>;
  waitFor(predicate: (r: Rec) => boolean, what: string, timeoutMs?: number): Promise<Rec>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];

function startMain(env: NodeJS.ProcessEnv): RunningMain {
  const proc = fork(MAIN_BUNDLE, [], { execArgv: ['--require', HOOK], env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  children.push(proc);
  const records: Rec[] = [];
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  proc.stdout?.resume();
  const waiters = new Set<() => void>();
  const replies = new Map<number, (m: any) => void>();
  let nextId = 1;
  proc.on('message', (m: any) => {
    if (m.type === 'record') records.push(m as Rec);
    if (m.type === 'reply') replies.get(m.id)?.(m);
    for (const w of waiters) w();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    proc,
    records,
    stderr: () => err,
    exited,
    call(cmd, args = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        replies.set(id, (m) => (m.ok ? resolve(m) : reject(new Error(m.error))));
        proc.send({ id, cmd, ...args });
      });
    },
    waitFor(predicate, what, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = records.find(predicate);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`main.cjs did not ${what} within ${timeoutMs} ms; it recorded ${records.map((r) => r.what).join(', ')}; stderr: ${err}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
}

const connects = (socket: string) =>
  new Promise<boolean>((resolve) => {
    const c = createConnection(socket);
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });

/** An unsigned JWT: status reads claims of the stored ID token (verified when it was stored) without checking it again. */
function idToken(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k' })}.${part(claims)}.c2ln`;
}

describe('the built main bundle against a stand-in electron module', () => {
  let dir: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let keychain: Awaited<ReturnType<typeof usePrivateKeychain>> | undefined;

  beforeAll(async () => {
    expect(existsSync(MAIN_BUNDLE), `${MAIN_BUNDLE} is missing: run \`node scripts/build.mjs main preload renderer\``).toBe(true);
    // The app's keychain reads and writes go to a Secret Service of this file's own.
    keychain = await usePrivateKeychain();
  });
  afterAll(async () => {
    await keychain?.restore();
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cb-main-bundle-'));
    home = join(dir, 'home');
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      COGNITO_BROKER_HOME: home,
      AWS_CONFIG_FILE: join(dir, 'aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws', 'credentials'),
      XDG_CONFIG_HOME: join(dir, 'xdg'),
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
      XDG_DATA_HOME: process.env.XDG_DATA_HOME,
      XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR,
      // As scripts/start.mjs passes it: the Node that ~/.aws/config profiles start the checkout's CLI with.
      COGNITO_BROKER_DEV_NODE: process.execPath,
    };
  });
  afterEach(async () => {
    // Every child this file started ends here, also when a test failed half-way.
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('a second instance asks for the lock, quits, opens nothing and ends', async () => {
    const main = startMain({ ...env, STAND_IN_SINGLE_INSTANCE: 'taken' });
    await main.waitFor((r) => r.what === 'quit-proceeds', 'quit');
    expect(main.records.map((r) => r.what)).toEqual(['app.requestSingleInstanceLock', 'app.quit', 'quit-proceeds']);
    expect(main.records[0]).toMatchObject({ got: false });
    await main.call('release');
    expect(await main.exited).toEqual({ code: 0, signal: null });
  });

  it('opens the window on the packaged files, installs the CSP, builds the tray from the model, serves IPC, activates from a tray click, and closes the hand-off socket on quit', async () => {
    // A signed-in account whose credentials are cached for an hour: nothing needs the network. Its
    // endpoints are a closed loopback port all the same, so no request could leave this machine.
    const nowhere = 'http://127.0.0.1:9';
    await addAccount(home, {
      name: 'dev',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbCdEf123',
      clientId: 'abcdefghijklmnopqrstuvwxyz',
      identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
      endpoints: { cognitoIdentityProvider: nowhere, cognitoIdentity: nowhere, sts: nowhere },
    });
    const now = Date.now();
    const store = keyringStore(home);
    await store.set(secretKeys.refreshToken('dev'), 'refresh-token');
    await store.set(
      secretKeys.session('dev'),
      JSON.stringify({
        idToken: idToken({ sub: 'sub-1', 'cognito:username': 'dev-user', exp: Math.floor(now / 1000) + 3600, iat: Math.floor(now / 1000) }),
        accessToken: 'access',
        username: 'dev-user',
        signedInAt: new Date(now).toISOString(),
        refreshTokenExpiresAt: new Date(now + 86_400_000).toISOString(),
        refreshTokenExpiryKnown: true,
      }),
    );
    await store.set(
      secretKeys.credentials('dev', 'default'),
      JSON.stringify({
        accessKeyId: 'ASIA0000',
        secretAccessKey: 's',
        sessionToken: 't',
        expiration: new Date(now + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        roleArn: 'arn:aws:iam::123456789012:role/Dev',
        identityId: 'eu-west-1:id',
      }),
    );

    const main = startMain(env);
    await main.waitFor((r) => r.what === 'BrowserWindow.show', 'show its window');
    await main.waitFor((r) => r.what === 'Tray.setContextMenu', 'set a tray menu');
    const find = (what: string) => main.records.filter((r) => r.what === what);

    // The single-instance lock, asked first.
    expect(main.records[0]).toMatchObject({ what: 'app.requestSingleInstanceLock', got: true });

    // One window, secure, with the real preload and page from dist/ (present on disk), and the files the page loads.
    const [win] = find('BrowserWindow');
    expect(find('BrowserWindow')).toHaveLength(1);
    expect(win!.options.webPreferences).toMatchObject({
      preload: join(ROOT, 'dist', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(win!.preloadExists).toBe(true);
    const indexHtml = join(ROOT, 'dist', 'renderer', 'index.html');
    expect(find('BrowserWindow.loadFile')).toEqual([{ type: 'record', what: 'BrowserWindow.loadFile', path: indexHtml, exists: true }]);
    const assets = [...readFileSync(indexHtml, 'utf8').matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => join(dirname(indexHtml), m[1]!));
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(existsSync(asset), asset).toBe(true);

    // The session: our pages get the strict CSP as a header, and nothing outside the renderer folder loads.
    expect(find('session.webRequest.onHeadersReceived')).toHaveLength(1);
    const { response } = await main.call('headers', { url: pathToFileURL(indexHtml).href });
    expect(response.responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect((await main.call('beforeRequest', { url: pathToFileURL(assets[0]!).href })).response).toEqual({});
    expect((await main.call('beforeRequest', { url: 'https://example.com/x.js' })).response).toEqual({ cancel: true });

    // Tray icons from files that exist (build/icons/tray in a checkout, resources/icons/tray when packaged).
    const icons = find('nativeImage.createFromPath');
    expect(icons.length).toBeGreaterThan(0);
    for (const icon of icons)
      expect(icon, icon.path).toMatchObject({ exists: true, path: expect.stringMatching(/build[\\/]icons[\\/]tray[\\/]tray-(idle|active|attention)\.png$/) });
    expect(existsSync(find('Tray')[0]!.image)).toBe(true);

    // The menu, built from the tray model over the real core's account list.
    const menu = find('Tray.setContextMenu').at(-1)!.menu as MenuItem[];
    expect(menu.map((i) => i.label)).toEqual([
      'Active account',
      expect.stringMatching(/^dev — signed in/),
      undefined,
      'Sign in / out',
      undefined,
      'Open Cognito Broker',
      'Quit',
    ]);
    expect(menu[1]).toMatchObject({ type: 'checkbox', checked: false });
    expect(menu[3]!.submenu![0]!.submenu!.map((i) => i.label)).toEqual([
      'Sign in again',
      'Sign out',
      'Copy export lines',
      'Copy endpoint variables',
      'Open AWS console',
    ]);
    expect(find('Tray.setToolTip').at(-1)!.text).toBe('Cognito Broker\nNo active account');

    // IPC: one channel, answered for our page's main frame through dispatch and the real core, refused for others.
    expect(find('ipcMain.handle').map((r) => r.channel)).toEqual([API_CALL_CHANNEL]);
    const listed = (await main.call('invoke', { channel: API_CALL_CHANNEL, request: { method: 'listAccounts', args: [] } })).response;
    expect(listed).toMatchObject({ ok: true, result: [{ name: 'dev', session: { state: 'signed-in' } }] });
    expect(JSON.stringify(listed)).not.toMatch(/refresh-token|ASIA0000/);
    const foreign = (await main.call('invoke', { channel: API_CALL_CHANNEL, request: { method: 'listAccounts', args: [] }, foreign: true })).response;
    expect(foreign).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    // A tray click makes the account active: profiles in ~/.aws/config that start this checkout's CLI, and a checked item.
    const menus = find('Tray.setContextMenu').length;
    await main.call('click', { path: ['dev — '] });
    await main.waitFor(
      (r) =>
        r.what === 'Tray.setContextMenu' &&
        main.records.filter((x) => x.what === 'Tray.setContextMenu').indexOf(r) >= menus &&
        (r.menu as MenuItem[])[1]?.checked === true,
      'check the account it made active',
    );
    const config = await readFile(env.AWS_CONFIG_FILE!, 'utf8');
    expect(config).toContain('credential_process');
    const cli = join(ROOT, 'dist', 'cli', 'cognito-broker.cjs');
    expect(config).toContain(cli);
    expect(existsSync(cli)).toBe(true);
    expect(find('Tray.setToolTip').at(-1)!.text).toMatch(/^Cognito Broker\nActive: dev/);

    // Quit (as the OS asks): the first before-quit is held until the runtime stopped; then the socket is closed,
    // IPC unregistered and the tray gone while the process still runs; and nothing is left to keep it alive.
    const socket = handOffSocketPath(home);
    expect(await connects(socket)).toBe(true);
    await main.call('quit');
    await main.waitFor((r) => r.what === 'quit-proceeds', 'let the quit through');
    expect(find('app.quit').length).toBe(2);
    expect(find('ipcMain.removeHandler').map((r) => r.channel)).toEqual([API_CALL_CHANNEL]);
    expect(find('Tray.destroy')).toHaveLength(1);
    expect(await connects(socket)).toBe(false);
    expect(existsSync(socket)).toBe(false);
    expect(main.proc.exitCode).toBeNull();

    expect(find('missing')).toEqual([]);
    expect(main.stderr()).not.toMatch(/could not start|Error/);
    await main.call('release');
    expect(await main.exited).toEqual({ code: 0, signal: null });
  });
});
