import { join } from 'node:path';
import type { Settings } from '../contract/app-api.js';
import type { CliLauncher } from '../core/aws-config/credential-process-command.js';
import { startAppRuntime, type AppRuntime, type RuntimeOptions } from '../core/app/app-runtime.js';
import { isBrokerError } from '../core/errors.js';
import { loadAccounts } from '../core/accounts/account-store.js';
import { brokerHome } from '../core/paths.js';
import { loadSettings } from '../core/settings/settings-store.js';
import { trayMenu, type TrayAction } from '../core/tray/tray-model.js';
import { registerIpcBridge, type IpcMainLike } from './ipc-bridge.js';
import { applyLoginItem as applyLoginItemSetting } from './login-item.js';
import { watchNetwork } from './network-watch.js';
import { installSystemProxy, type ProxyResolvingSession } from './system-proxy.js';
import { Notifier, type NotificationFactory } from './notification-adapter.js';
import { TrayAdapter, type TrayFactory } from './tray-adapter.js';
import { isLiveOneTimeRedirect } from '../core/federation/one-time-redirect.js';
import {
  hardenSession,
  hardenWebContents,
  isAllowedAppUrl,
  rendererUrl,
  secureWebPreferences,
  type HardenableContents,
  type HardenableSession,
} from './window-security.js';

/**
 * The Electron main process, written against the few members of Electron's objects it uses so that tests
 * can run it with fakes (main.ts passes the real ones). It owns the lifecycle: single instance, hidden start
 * at login, the one window, the tray, notifications, resume / network-back, and clean shutdown of the
 * runtime (refresher, hand-off socket).
 */
export interface WindowLike {
  webContents: HardenableContents & {
    isDestroyed(): boolean;
    send(channel: string, ...args: unknown[]): void;
    mainFrame: unknown;
  };
  loadFile(path: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isVisible(): boolean;
  isDestroyed(): boolean;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
}

export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  autoHideMenuBar: boolean;
  webPreferences: ReturnType<typeof secureWebPreferences>;
}

export interface AppLike {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  whenReady(): Promise<unknown>;
  quit(): void;
  exit(code?: number): void;
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  getLoginItemSettings(): { wasOpenedAtLogin?: boolean };
}

export interface ShellParts {
  app: AppLike;
  createWindow(options: WindowOptions): WindowLike;
  ipcMain: IpcMainLike;
  /** Electron's default session: hardened, and (when it can) the source of the OS proxy settings. */
  session: HardenableSession & Partial<ProxyResolvingSession>;
  tray: TrayFactory;
  notifications: NotificationFactory;
  clipboard: { writeText(text: string): void };
  shell: { openExternal(url: string): Promise<void> | void };
  powerMonitor: { on(event: 'resume' | 'unlock-screen', listener: () => void): unknown };
  net: { isOnline(): boolean };
}

export interface ShellPaths {
  /** dist/renderer */
  rendererDir: string;
  /** dist/preload/preload.cjs */
  preload: string;
}

export interface ShellOptions {
  parts: ShellParts;
  paths: ShellPaths;
  launcher: CliLauncher;
  argv: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Platform and executable for the login item (defaults: this process's). */
  platform?: NodeJS.Platform;
  executable?: string;
  /** Test seam: the runtime (default: the real one). */
  startRuntime?: (options: RuntimeOptions) => Promise<AppRuntime>;
  log?(line: string): void;
}

export interface RunningShell {
  runtime: AppRuntime;
  window(): WindowLike | undefined;
  showWindow(): void;
  showSignIn(account: string): void;
  handleTrayAction(action: TrayAction): Promise<void>;
  refreshTray(): Promise<void>;
  quit(): Promise<void>;
}

/** The argument the login item starts us with, so a start at login can stay in the tray. */
export const HIDDEN_ARG = '--hidden';

/** Returns undefined when another instance already runs (that one is focused and this one quits). */
export async function startShell(options: ShellOptions): Promise<RunningShell | undefined> {
  const { parts, paths } = options;
  const { app } = parts;
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }

  await app.whenReady();
  const home = brokerHome(env);
  const settings = await loadSettings(home).catch(() => undefined);
  const atLogin = options.argv.includes(HIDDEN_ARG) || app.getLoginItemSettings().wasOpenedAtLogin === true;
  const startHidden = atLogin && (settings?.startHidden ?? true);

  let window: WindowLike | undefined;
  let quitting = false;
  let unregisterIpc: (() => void) | undefined;
  const indexHtml = join(paths.rendererDir, 'index.html');

  hardenSession(parts.session, { rendererDir: paths.rendererDir });
  // With no proxy variable set, the core's requests follow the OS proxy settings Electron resolves (PAC included).
  const removeSystemProxy = parts.session.resolveProxy ? installSystemProxy(parts.session as ProxyResolvingSession) : undefined;

  const tray = new TrayAdapter(parts.tray, (action) => void handleTrayAction(action));
  const notifier = new Notifier(parts.notifications, (account) => showSignIn(account));
  let pendingTray: Promise<void> | undefined;
  /** A sign-in to open once a window created for it has loaded (it would miss an event sent before). */
  let pendingSignIn: string | undefined;

  /** The configured accounts' managed-login domains, kept current with the tray (which reads every account). */
  let managedLoginDomains: string[] = [];
  const readDomains = async (): Promise<string[]> => {
    managedLoginDomains = (await loadAccounts(home).catch(() => [])).flatMap((a) => (a.hostedUi ? [a.hostedUi.domain] : []));
    return managedLoginDomains;
  };

  const runtime = await (options.startRuntime ?? startAppRuntime)({
    home,
    env,
    launcher: options.launcher,
    // Managed login and the AWS console open in the person's browser, never in an app window, and only for
    // the hosts allowed above: a URL the core builds for anything else is refused (the window says so).
    open: async (url) => {
      // The console sign-in URL reaches the browser through a one-time loopback redirect the core serves
      // (openExternal puts the URL in the browser's argv): exactly those live addresses are allowed too.
      if (!isLiveOneTimeRedirect(url) && !isAllowedAppUrl(url, await readDomains())) return false;
      // Security scan (electronegativity) reason: only URLs that passed isAllowedAppUrl on the line above get here.
      await parts.shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
      return true;
    },
    hooks: {
      notify: (n) => {
        notifier.show(n);
      },
      // The service has told the window already; a window opened just now hears it again once it is ready.
      showSignIn: (account) => {
        if (showWindow()) pendingSignIn = account;
      },
      settingsChanged: (s: Settings) => applyLoginItem(s),
      stateChanged: () => void refreshTray(),
    },
  });

  function applyLoginItem(s: Settings): void {
    const parts = {
      platform: options.platform ?? process.platform,
      setLoginItemSettings: (x: { openAtLogin: boolean; args?: string[] }) => app.setLoginItemSettings(x),
      executable: options.executable ?? process.execPath,
      env,
    };
    applyLoginItemSetting(parts, s.launchAtLogin, HIDDEN_ARG).catch((err: unknown) => log(`login item: ${err instanceof Error ? err.message : 'failed'}`));
  }

  function createWindow(show: boolean): WindowLike {
    const win = parts.createWindow({
      width: 1000,
      height: 700,
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: 'Cognito Broker',
      backgroundColor: '#ffffff',
      autoHideMenuBar: true,
      webPreferences: secureWebPreferences(paths.preload),
    });
    hardenWebContents(win.webContents, {
      rendererDir: paths.rendererDir,
      // Security scan (electronegativity) reason: hardenWebContents passes only URLs that isAllowed accepts here.
      openExternal: (url) => void parts.shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK
      // The sign-in step shows the managed-login address as a fallback link: its domain is allowed too.
      isAllowed: (url) => isAllowedAppUrl(url, managedLoginDomains),
    });
    unregisterIpc?.();
    unregisterIpc = registerIpcBridge(parts.ipcMain, {
      api: runtime.service,
      events: runtime.service.events,
      contents: win.webContents,
      rendererUrl: rendererUrl(indexHtml),
      onInternalError: ({ method, what }) => log(`ipc ${method}: ${what}`),
    });
    win.once('ready-to-show', () => {
      if (show) win.show();
      if (pendingSignIn !== undefined) runtime.service.events.emit('sign-in-requested', { account: pendingSignIn });
      pendingSignIn = undefined;
    });
    // Closing the window keeps the app in the tray; only Quit ends it.
    win.on('close', (event) => {
      if (!quitting) {
        event.preventDefault();
        win.hide();
      }
    });
    win.on('closed', () => {
      if (window === win) window = undefined;
    });
    void win.loadFile(indexHtml);
    return win;
  }

  /** Brings the window forward; true when it had to be created (its page is still loading). */
  function showWindow(): boolean {
    if (!window || window.isDestroyed()) {
      window = createWindow(true);
      return true;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return false;
  }

  function showSignIn(account: string): void {
    // The renderer routes to the account's sign-in on this event (also sent for hand-offs).
    if (showWindow()) pendingSignIn = account;
    else runtime.service.events.emit('sign-in-requested', { account });
  }

  async function refreshTray(): Promise<void> {
    if (pendingTray) return pendingTray;
    pendingTray = (async () => {
      try {
        const accounts = await runtime.service.listAccounts();
        managedLoginDomains = accounts.flatMap((a) => (a.hostedUi ? [a.hostedUi.domain] : []));
        tray.update(trayMenu({ accounts, now: Date.now(), failing: runtime.failing() }));
      } catch (err) {
        log(`tray: ${isBrokerError(err) ? err.message : 'could not read the accounts'}`);
      } finally {
        pendingTray = undefined;
      }
    })();
    return pendingTray;
  }

  async function handleTrayAction(action: TrayAction): Promise<void> {
    try {
      switch (action.kind) {
        case 'activate':
          if (action.signInFirst) {
            if (showWindow()) pendingSignIn = action.account;
            // requestSignIn tells the window to open the account's sign-in and waits until it is done.
            await runtime.service.requestSignIn(action.account);
          }
          await runtime.service.setActiveAccount(action.account);
          break;
        case 'sign-in':
          showSignIn(action.account);
          break;
        case 'sign-out':
          await runtime.service.signOut(action.account);
          break;
        case 'copy-export':
          parts.clipboard.writeText(await runtime.service.exportLines(action.account));
          break;
        case 'open-console':
          // The sign-in URL is built and opened in the core; the shell never sees it.
          await runtime.service.openConsole(action.account);
          break;
        case 'open-window':
          showWindow();
          break;
        case 'quit':
          await quit();
          break;
      }
    } catch (err) {
      // A tray click has no window to show an error in: say it in a notification.
      if (!isBrokerError(err)) notifier.message('Cognito Broker could not do that.', 'Open the window and try again there.');
      else if (err.code !== 'cancelled') notifier.message(err.message, err.hint ?? '');
    } finally {
      await refreshTray();
    }
  }

  async function quit(): Promise<void> {
    if (quitting) return;
    quitting = true;
    clearInterval(trayTimer);
    stopNetworkWatch();
    removeSystemProxy?.();
    unregisterIpc?.();
    tray.destroy();
    await runtime.stop();
    app.quit();
  }

  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  // The tray keeps the app alive with no window open.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    if (quitting) return;
    // Stop the runtime (hand-off socket, refresher) before the process ends.
    event.preventDefault();
    void quit();
  });
  parts.powerMonitor.on('resume', () => void runtime.wake());
  parts.powerMonitor.on('unlock-screen', () => void runtime.wake());
  const stopNetworkWatch = watchNetwork({ isOnline: () => parts.net.isOnline(), onBack: () => void runtime.wake() });
  // "expires in 42 min" must count down even when nothing else happens.
  const trayTimer = setInterval(() => void refreshTray(), 60_000);
  trayTimer.unref();

  if (settings) applyLoginItem(settings);
  await refreshTray();
  if (!startHidden) showWindow();

  return { runtime, window: () => window, showWindow, showSignIn, handleTrayAction, refreshTray, quit };
}
