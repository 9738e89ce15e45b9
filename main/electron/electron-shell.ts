import type { Settings } from '../contract/app-api.js';
import type { CliLauncher } from '../core/aws-config/credential-process-command.js';
import { startAppRuntime, type AppRuntime, type RuntimeOptions } from '../core/app/app-runtime.js';
import type { AppService } from '../core/app/app-service.js';
import { isBrokerError } from '../core/errors.js';
import { isLiveOneTimeRedirect } from '../core/federation/one-time-redirect.js';
import { brokerHome } from '../core/paths.js';
import { trayMenu, type TrayAction } from '../core/tray/tray-model.js';
import { applyLoginItem as applyLoginItemSetting } from './login-item.js';
import { MainWindow } from './main-window.js';
import { watchNetwork } from './network-watch.js';
import { Notifier } from './notification-adapter.js';
import type { ShellParts, ShellPaths, WindowLike } from './shell-parts.js';
import { installSystemProxy, type ProxyResolvingSession } from './system-proxy.js';
import { TrayAdapter } from './tray-adapter.js';
import { hardenSession, isAllowedAppUrl } from './window-security.js';

/**
 * The Electron main process, written against the few members of Electron's objects it uses (shell-parts.ts)
 * so that tests can run it with fakes. It owns the lifecycle: single instance, hidden start at login, the one
 * window, the tray, notifications, resume / network-back, and clean shutdown of the runtime (refresher,
 * hand-off socket). It reads and changes no file itself: every question goes to the runtime's AppService.
 */
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
  const log = (line: string): void => options.log?.(line);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }

  await app.whenReady();
  let quitting = false;

  hardenSession(parts.session, { rendererDir: paths.rendererDir });
  // With no proxy variable set, the core's requests follow the OS proxy settings Electron resolves (PAC included).
  const removeSystemProxy = parts.session.resolveProxy ? installSystemProxy(parts.session as ProxyResolvingSession) : undefined;

  const tray = new TrayAdapter(parts.tray, (action) => void handleTrayAction(action));
  const notifier = new Notifier(parts.notifications, (account) => showSignIn(account));
  let pendingTray: Promise<void> | undefined;

  /** The configured accounts' managed-login domains, kept current with the tray (which reads every account). */
  let managedLoginDomains: string[] = [];
  /** The runtime's service, set as soon as it runs; the core opens no browser before that. */
  const late: { service?: AppService } = {};

  const runtime = await (options.startRuntime ?? startAppRuntime)({
    home: brokerHome(env),
    env,
    launcher: options.launcher,
    // Managed login and the AWS console open in the person's browser, never in an app window, and only for
    // the hosts allowed above: a URL the core builds for anything else is refused (the window says so).
    open: async (url) => {
      if (late.service) managedLoginDomains = await late.service.managedLoginDomains();
      // The console sign-in URL reaches the browser through a one-time loopback redirect the core serves
      // (openExternal puts the URL in the browser's argv): exactly those live addresses are allowed too.
      if (!isLiveOneTimeRedirect(url) && !isAllowedAppUrl(url, managedLoginDomains)) return false;
      // Security scan (electronegativity) reason: only URLs that passed isAllowedAppUrl on the line above get here.
      await parts.shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
      return true;
    },
    hooks: {
      notify: (n) => {
        notifier.show(n);
      },
      showSignIn: (account) => mainWindow.showForRequestedSignIn(account),
      settingsChanged: (s: Settings) => applyLoginItem(s),
      stateChanged: () => void refreshTray(),
    },
  });
  const service = runtime.service;
  late.service = service;

  const mainWindow = new MainWindow({
    parts,
    paths,
    service,
    // The sign-in step shows the managed-login address as a fallback link: its domain is allowed too.
    isAllowed: (url) => isAllowedAppUrl(url, managedLoginDomains),
    isQuitting: () => quitting,
    log,
  });
  const showWindow = (): void => void mainWindow.show();
  const showSignIn = (account: string): void => mainWindow.showSignIn(account);

  function applyLoginItem(s: Settings): void {
    const parts = {
      platform: options.platform ?? process.platform,
      setLoginItemSettings: (x: { openAtLogin: boolean; args?: string[] }) => app.setLoginItemSettings(x),
      executable: options.executable ?? process.execPath,
      env,
    };
    applyLoginItemSetting(parts, s.launchAtLogin, HIDDEN_ARG).catch((err: unknown) => log(`login item: ${err instanceof Error ? err.message : 'failed'}`));
  }

  async function refreshTray(): Promise<void> {
    if (pendingTray) return pendingTray;
    pendingTray = (async () => {
      try {
        const accounts = await service.listAccounts();
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
            mainWindow.showForRequestedSignIn(action.account);
            // requestSignIn tells the window to open the account's sign-in and waits until it is done.
            await service.requestSignIn(action.account);
          }
          await service.setActiveAccount(action.account);
          break;
        case 'sign-in':
          showSignIn(action.account);
          break;
        case 'sign-out':
          await service.signOut(action.account);
          break;
        case 'copy-export':
          parts.clipboard.writeText(await service.exportLines(action.account));
          break;
        case 'copy-endpoint':
          parts.clipboard.writeText((await service.endpointVariables(action.account)).shell);
          break;
        case 'open-console':
          // The sign-in URL is built and opened in the core; the shell never sees it.
          await service.openConsole(action.account);
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
    mainWindow.close();
    tray.destroy();
    await runtime.stop();
    app.quit();
  }

  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
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

  // Launch at login and start-hidden come from the settings; unreadable settings leave the login item alone.
  const settings = await service.getSettings().catch(() => undefined);
  const atLogin = options.argv.includes(HIDDEN_ARG) || app.getLoginItemSettings().wasOpenedAtLogin === true;
  const startHidden = atLogin && (settings?.startHidden ?? true);
  if (settings) applyLoginItem(settings);
  await refreshTray();
  if (!startHidden) showWindow();

  return { runtime, window: () => mainWindow.current(), showWindow, showSignIn, handleTrayAction, refreshTray, quit };
}
