/* eslint-disable @typescript-eslint/no-explicit-any -- because these fakes stand in for Electron's overloaded on(event, listener) signatures, whose listeners take event-specific arguments */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { startOneTimeRedirect } from '../../main/core/federation/one-time-redirect.js';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addAccount } from '../../main/core/accounts/account-store.js';
import { API_CALL_CHANNEL } from '../../main/contract/transport.js';
import type { BrowserOpener } from '../../main/core/federation/browser-opener.js';
import { startAppRuntime, type AppRuntime } from '../../main/core/app/app-runtime.js';
import { handOffSocketPath } from '../../main/core/hand-off/hand-off-protocol.js';
import { updateSettings } from '../../main/core/settings/settings-store.js';
import { HIDDEN_ARG, startShell } from '../../main/electron/electron-shell.js';
import type { ShellParts, WindowLike, WindowOptions } from '../../main/electron/shell-parts.js';
import type { MenuItemOptions } from '../../main/electron/tray-adapter.js';
import { usePrivateKeychain } from '../support/private-keychain.js';

/**
 * The main process with fakes of the Electron objects it touches, over the REAL runtime (temp broker home,
 * real hand-off socket, real files). What only real Electron can show — pixels, the OS tray, native
 * notifications — is listed in the report with how to check it by hand.
 */
class FakeWindow implements WindowLike {
  static all: FakeWindow[] = [];
  listeners = new Map<string, ((...a: any[]) => void)[]>();
  visible = false;
  focused = 0;
  loaded: string | undefined;
  destroyed = false;
  webContents = {
    mainFrame: { url: '', parent: null },
    on: (() => undefined) as any,
    setWindowOpenHandler: () => undefined,
    isDestroyed: () => this.destroyed,
    send: () => undefined,
  };
  constructor(readonly options: WindowOptions) {
    FakeWindow.all.push(this);
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
  on(event: string, l: (...a: any[]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
    return this;
  }
  once(event: string, l: (...a: any[]) => void) {
    return this.on(event, l);
  }
  async loadFile(path: string) {
    this.loaded = path;
    this.webContents.mainFrame.url = `file://${path}`;
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.focused++;
  }
  restore() {}
  isMinimized() {
    return false;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

function fakeParts(options: { lock?: boolean } = {}) {
  const appListeners = new Map<string, (...a: any[]) => void>();
  const power = new Map<string, () => void>();
  const state = {
    quitCalls: 0,
    loginItem: undefined as unknown,
    menus: [] as MenuItemOptions[][],
    tooltips: [] as string[],
    clipboard: '',
    handlers: new Set<string>(),
  };
  const parts: ShellParts = {
    app: {
      requestSingleInstanceLock: () => options.lock ?? true,
      on: ((event: string, l: (...a: any[]) => void) => appListeners.set(event, l)) as any,
      whenReady: async () => undefined,
      quit: () => void state.quitCalls++,
      exit: () => undefined,
      setLoginItemSettings: (s) => (state.loginItem = s),
      getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
    },
    createWindow: (o) => new FakeWindow(o),
    ipcMain: { handle: (c) => state.handlers.add(c), removeHandler: (c) => state.handlers.delete(c) },
    session: {
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
      webRequest: { onBeforeRequest: () => undefined, onHeadersReceived: () => undefined },
    },
    tray: {
      createTray: () => ({
        setContextMenu: (m) => state.menus.push(m as MenuItemOptions[]),
        setToolTip: (t) => state.tooltips.push(t),
        setImage: () => undefined,
        destroy: () => undefined,
      }),
      buildMenu: (t) => t,
      image: (i) => i,
    },
    notifications: { isSupported: () => false, create: () => ({ on: () => undefined, show: () => undefined }) as any },
    clipboard: { writeText: (t) => (state.clipboard = t) },
    shell: { openExternal: () => undefined },
    powerMonitor: { on: (e, l) => power.set(e, l) },
    net: { isOnline: () => true },
  };
  return { parts, appListeners, power, state };
}

describe('Electron shell (fakes of Electron, real runtime)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let runtimes: AppRuntime[];
  let wakes: number;
  let opener: BrowserOpener | undefined;

  // The runtime reads the keychain (status, console): a private Secret Service keeps these tests independent
  // of the shared one, which other test files lock on purpose.
  let keychain: Awaited<ReturnType<typeof usePrivateKeychain>> | undefined;
  beforeAll(async () => {
    keychain = await usePrivateKeychain();
  });
  afterAll(async () => {
    await keychain?.restore();
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cb-shell-'));
    env = { COGNITO_BROKER_HOME: join(dir, 'home'), AWS_CONFIG_FILE: join(dir, 'aws', 'config') };
    FakeWindow.all = [];
    runtimes = [];
    wakes = 0;
  });
  afterEach(async () => {
    for (const r of runtimes) await r.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  const start = (f: ReturnType<typeof fakeParts>, argv: string[] = [], platform: NodeJS.Platform = 'darwin') =>
    startShell({
      platform,
      executable: '/opt/Cognito Broker/cognito-broker',
      parts: f.parts,
      paths: { rendererDir: join(dir, 'renderer'), preload: join(dir, 'preload.cjs') },
      launcher: { kind: 'executable', path: '/opt/Cognito Broker/resources/cli/cognito-broker' },
      argv,
      env,
      startRuntime: async (o) => {
        opener = o.open;
        const r = await startAppRuntime(o);
        const wake = r.wake;
        r.wake = () => {
          wakes++;
          return wake();
        };
        runtimes.push(r);
        return r;
      },
    });

  it('a second instance quits at once and leaves the first to be focused', async () => {
    const f = fakeParts({ lock: false });
    expect(await start(f)).toBeUndefined();
    expect(f.state.quitCalls).toBe(1);
    expect(FakeWindow.all).toHaveLength(0);
    expect(runtimes).toHaveLength(0);
  });

  it('opens one secure window on our page, a tray and the IPC channel; the second launch focuses it', async () => {
    const f = fakeParts();
    const shell = (await start(f))!;
    expect(FakeWindow.all).toHaveLength(1);
    const win = FakeWindow.all[0]!;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: join(dir, 'preload.cjs'),
    });
    expect(win.loaded).toBe(join(dir, 'renderer', 'index.html'));
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
    expect(f.state.handlers.has(API_CALL_CHANNEL)).toBe(true);
    expect(f.state.tooltips.at(-1)).toBe('Cognito Broker\nNo active account');
    expect(f.state.menus.at(-1)?.map((i) => i.label)).toEqual(['No accounts yet', undefined, 'Open Cognito Broker to add an account', 'Quit']);

    // Closing the window hides it to the tray.
    let prevented = false;
    win.emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(win.visible).toBe(false);
    f.appListeners.get('second-instance')!();
    expect(win.visible).toBe(true);
    expect(win.focused).toBe(1);
    expect(FakeWindow.all).toHaveLength(1);
    expect(shell.window()).toBe(win);
  });

  it('shows the window when launched at login without the start-hidden setting', async () => {
    await start(fakeParts(), ['electron', '.', HIDDEN_ARG]);
    expect(FakeWindow.all).toHaveLength(1);
  });

  it('starts hidden in the tray when launched at login and the setting says so', async () => {
    await updateSettings(env.COGNITO_BROKER_HOME!, { startHidden: true });
    const f = fakeParts();
    const shell = (await start(f, ['electron', '.', HIDDEN_ARG]))!;
    expect(FakeWindow.all).toHaveLength(0);
    expect(f.state.menus).toHaveLength(1);
    await shell.handleTrayAction({ kind: 'open-window' });
    expect(FakeWindow.all).toHaveLength(1);
  });

  it('with unreadable settings (asked of the service), a start at login stays in the tray and the login item is left alone', async () => {
    await updateSettings(env.COGNITO_BROKER_HOME!, { startHidden: false });
    await writeFile(join(env.COGNITO_BROKER_HOME!, 'settings.json'), '{ not json');
    const f = fakeParts();
    const shell = (await start(f, [HIDDEN_ARG]))!;
    expect(FakeWindow.all).toHaveLength(0);
    expect(f.state.loginItem).toBeUndefined();
    await shell.handleTrayAction({ kind: 'open-window' });
    expect(FakeWindow.all).toHaveLength(1);
  });

  it('opens the window on an account sign-in from the tray, also when the window did not exist yet', async () => {
    await updateSettings(env.COGNITO_BROKER_HOME!, { startHidden: true });
    const f = fakeParts();
    const shell = (await start(f, [HIDDEN_ARG]))!;
    const events: unknown[] = [];
    shell.runtime.service.events.subscribe((m) => events.push(m));
    shell.showSignIn('dev');
    expect(FakeWindow.all).toHaveLength(1);
    // A page still loading would miss the event: it is sent once the window is ready.
    expect(events).toEqual([]);
    FakeWindow.all[0]!.emit('ready-to-show');
    expect(events).toEqual([{ event: 'sign-in-requested', payload: { account: 'dev' } }]);
    shell.showSignIn('ops');
    expect(events.at(-1)).toEqual({ event: 'sign-in-requested', payload: { account: 'ops' } });
    expect(FakeWindow.all).toHaveLength(1);
  });

  it('applies launch at login from the settings, with the hidden argument (macOS and Windows login item)', async () => {
    const f = fakeParts();
    const shell = (await start(f, [], 'darwin'))!;
    expect(f.state.loginItem).toEqual({ openAtLogin: false, args: [HIDDEN_ARG] });
    await shell.runtime.service.setSettings({ launchAtLogin: true });
    expect(f.state.loginItem).toEqual({ openAtLogin: true, args: [HIDDEN_ARG] });
  });

  it('on Linux, launch at login is an XDG autostart entry, removed again when turned off', async () => {
    env.XDG_CONFIG_HOME = join(dir, 'xdg');
    const f = fakeParts();
    const shell = (await start(f, [], 'linux'))!;
    const entry = join(dir, 'xdg', 'autostart', 'cognito-broker.desktop');
    await shell.runtime.service.setSettings({ launchAtLogin: true });
    await expect.poll(() => readFile(entry, 'utf8').catch(() => '')).toContain(`Exec="/opt/Cognito Broker/cognito-broker" ${HIDDEN_ARG}`);
    expect(f.state.loginItem).toBeUndefined();
    await shell.runtime.service.setSettings({ launchAtLogin: false });
    await expect
      .poll(() =>
        readFile(entry, 'utf8').then(
          () => 'present',
          () => 'gone',
        ),
      )
      .toBe('gone');
  });

  it('re-checks after resume, unlock and when asked by the network watch', async () => {
    const f = fakeParts();
    await start(f);
    f.power.get('resume')!();
    f.power.get('unlock-screen')!();
    expect(wakes).toBe(2);
  });

  it('serves the hand-off socket while running and closes it on quit', async () => {
    const f = fakeParts();
    const shell = (await start(f))!;
    const socket = handOffSocketPath(env.COGNITO_BROKER_HOME!);
    const connect = () =>
      new Promise<boolean>((resolve) => {
        const c = createConnection(socket);
        c.once('connect', () => (c.destroy(), resolve(true)));
        c.once('error', () => resolve(false));
      });
    expect(await connect()).toBe(true);
    let prevented = false;
    f.appListeners.get('before-quit')!({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await expect.poll(() => f.state.quitCalls).toBe(1);
    expect(await connect()).toBe(false);
    expect(f.state.handlers.has(API_CALL_CHANNEL)).toBe(false);
    // The quit that follows is let through, and the window may close for real now.
    let preventedAgain = false;
    f.appListeners.get('before-quit')!({ preventDefault: () => (preventedAgain = true) });
    expect(preventedAgain).toBe(false);
    expect(shell).toBeDefined();
  });

  it("gives the core an opener that hands only the console sign-in hosts and the accounts' managed-login domains to the system browser", async () => {
    const f = fakeParts();
    const external: string[] = [];
    f.parts.shell = { openExternal: (url: string) => void external.push(url) };
    await start(f);
    expect(opener).toBeDefined();
    await addAccount(env.COGNITO_BROKER_HOME!, {
      name: 'fed',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbCdEf123',
      clientId: 'abcdefghijklmnopqrstuvwxyz',
      identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
      hostedUi: { domain: 'https://acme.auth.eu-west-1.amazoncognito.com', redirectPort: 43123 },
    });
    const console = 'https://signin.aws.amazon.com/federation?Action=login&Issuer=cognito-broker&Destination=x&SigninToken=t';
    const authorize = 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/authorize?client_id=abc';
    expect(await opener!(console)).toBe(true);
    expect(await opener!(authorize)).toBe(true);
    expect(await opener!('https://evil.example/oauth2/authorize')).toBe(false);
    expect(await opener!('http://signin.aws.amazon.com/federation')).toBe(false);
    expect(external).toEqual([console, authorize]);
    // The core's one-time console redirect is allowed while it listens, and only then.
    const redirect = await startOneTimeRedirect(console);
    expect(await opener!(redirect.url)).toBe(true);
    await redirect.close();
    expect(await opener!(redirect.url)).toBe(false);
    expect(await opener!('http://127.0.0.1:9/anything')).toBe(false);
    expect(external).toEqual([console, authorize, redirect.url]);
  });

  it("the tray's Open AWS console goes to the core's openConsole; a refusal becomes a notification and nothing is opened", async () => {
    const f = fakeParts();
    const external: string[] = [];
    const notes: { title: string; body: string }[] = [];
    f.parts.shell = { openExternal: (url: string) => void external.push(url) };
    f.parts.notifications = {
      isSupported: () => true,
      create: (o: { title: string; body: string }) => {
        notes.push({ title: o.title, body: o.body });
        return { on: () => undefined, show: () => undefined } as any;
      },
    };
    const shell = (await start(f))!;
    await addAccount(env.COGNITO_BROKER_HOME!, {
      name: 'dev',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbCdEf123',
      clientId: 'abcdefghijklmnopqrstuvwxyz',
      identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
    });
    await shell.handleTrayAction({ kind: 'open-console', account: 'dev' });
    expect(external).toEqual([]);
    expect(notes).toEqual([{ title: 'Account dev is not signed in.', body: 'Run `cognito-broker login dev` or sign in from the Cognito Broker app.' }]);
  });
});
