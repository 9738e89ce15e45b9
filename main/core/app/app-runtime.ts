import type { Settings } from '../../contract/app-api.js';
import { AppEventHub } from '../api/event-feed.js';
import type { CliLauncher } from '../aws-config/credential-process-command.js';
import type { BrowserOpener } from '../federation/browser-opener.js';
import { startCredentialSocket, type CredentialSocket } from '../credential-socket/credential-socket-server.js';
import { startAppEndpoint, type AppEndpoint } from '../endpoint/app-endpoint.js';
import { startHandOffServer, type HandOffServer } from '../hand-off/hand-off-server.js';
import { NotificationScheduler, nextNotificationAt, type PlannedNotification, type RefreshFailure } from '../notifications/notification-plan.js';
import { loadSettings } from '../settings/settings-store.js';
import type { AppService } from './app-service.js';
import { BackgroundRefresher, systemClock, type RefreshEvent, type RefresherClock } from './background-refresher.js';
import { assertPrivateBrokerHome } from '../fs/private-dir.js';
import { createDefaultAppService } from './default-app-service.js';

/**
 * Everything the long-running app does besides answering the window, shared by the Electron main process
 * and `npm run dev:web`: the AppService, the background refresher, the credential-process hand-off server,
 * and notification planning. Front ends plug in how to notify and how to bring up a sign-in.
 */
export interface RuntimeHooks {
  /** Show a desktop notification (Electron) or print it (dev:web). */
  notify?(notification: PlannedNotification): void;
  /** A credential-process asked for sign-in and the settings say "bring the window forward". */
  showSignIn?(account: string): void;
  /** Settings changed (launch at login is applied by Electron). */
  settingsChanged?(settings: Settings): void;
  /** Something a tray or badge shows changed. */
  stateChanged?(): void;
}

export interface AppRuntime {
  service: AppService;
  refresher: BackgroundRefresher;
  /** Accounts whose background refresh is failing (for the tray). */
  failing(): string[];
  /** After sleep/resume or when the network is back. */
  wake(): Promise<void>;
  /** Re-plan notifications now (after a change the runtime could not see). */
  checkNotifications(): Promise<void>;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  home: string;
  launcher: CliLauncher;
  env?: NodeJS.ProcessEnv;
  hooks?: RuntimeHooks;
  /** Opens https URLs in the person's browser (managed login, AWS console); default the system browser. */
  open?: BrowserOpener;
  /** Whether to serve the credential-process hand-off (default true). */
  handOff?: boolean;
  /** Whether to answer credential-process over the credential socket, its fastest path (default true). */
  credentialSocket?: boolean;
  /** Whether to serve the credentials endpoint for SDKs, IDEs and containers (default true). */
  credentialsEndpoint?: boolean;
  clock?: RefresherClock;
  /** Re-plan notifications at least this often (default 1 min). */
  notificationCheckMs?: number;
}

export async function startAppRuntime(options: RuntimeOptions): Promise<AppRuntime> {
  // A home others can write (or that is someone else's) is refused before the app reads or serves anything.
  assertPrivateBrokerHome(options.home);
  const hooks = options.hooks ?? {};
  const clock = options.clock ?? systemClock;
  const events = new AppEventHub();
  const failures = new Map<string, RefreshFailure>();
  const scheduler = new NotificationScheduler();
  let refresher: BackgroundRefresher | undefined;
  let notificationTimer: unknown;
  let stopped = false;

  const service = createDefaultAppService({
    home: options.home,
    launcher: options.launcher,
    events,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.open === undefined ? {} : { open: options.open }),
    onSessionChanged: (account) => {
      failures.delete(account);
      refresher?.reset(account);
      void refresher?.tick();
    },
    onSettingsChanged: (settings) => {
      hooks.settingsChanged?.(settings);
      void checkNotifications();
    },
  });

  async function checkNotifications(): Promise<void> {
    if (stopped) return;
    try {
      const [accounts, settings] = await Promise.all([service.listAccounts(), loadSettings(options.home)]);
      const now = clock.now();
      for (const n of scheduler.take({ accounts, now, leadMinutes: settings.notificationLeadMinutes, failures: [...failures.values()] })) hooks.notify?.(n);
      const next = nextNotificationAt({ accounts, now, leadMinutes: settings.notificationLeadMinutes });
      const every = options.notificationCheckMs ?? 60_000;
      if (notificationTimer !== undefined) clock.clearTimeout(notificationTimer);
      notificationTimer = clock.setTimeout(() => void checkNotifications(), Math.max(1000, Math.min(every, (next ?? Infinity) - now)));
    } catch {
      // A locked keychain or a broken file is shown in the window; notifications simply wait for the next check.
    }
  }

  refresher = new BackgroundRefresher({
    clock,
    listSignedIn: () => service.listSignedIn(),
    refresh: (account) => service.refreshAccount(account),
    onEvent: (event: RefreshEvent) => {
      if (event.kind === 'failed') {
        const known = failures.get(event.account);
        failures.set(event.account, { account: event.account, since: known?.since ?? event.since, message: event.message });
        void checkNotifications();
      }
      if (event.kind === 'recovered') failures.delete(event.account);
      hooks.stateChanged?.();
    },
  });

  events.subscribe(() => hooks.stateChanged?.());

  let handOff: HandOffServer | undefined;
  if (options.handOff !== false) {
    handOff = await startHandOffServer({
      home: options.home,
      onSignInRequest: async (account) => {
        const settings = await loadSettings(options.home);
        const signedIn = service.requestSignIn(account);
        if (settings.handOff === 'notify') {
          hooks.notify?.({
            key: `${account}:hand-off:${clock.now()}`,
            account,
            reason: 'session-ended',
            title: `${account}: a command is waiting for you to sign in`,
            body: 'An AWS command needs this account. Sign in to let it continue.',
            action: { label: 'Sign in', account },
          });
        } else {
          hooks.showSignIn?.(account);
        }
        await signedIn;
      },
    });
  }

  // Undefined when `cognito-broker serve` already answers for this home (by the same rules) or on Windows.
  const credentialSocket: CredentialSocket | undefined =
    options.credentialSocket === false
      ? undefined
      : await startCredentialSocket({ home: options.home, answer: (account, roleArn) => service.credentialsFor(account, roleArn) });

  const endpoint: AppEndpoint | undefined =
    options.credentialsEndpoint === false
      ? undefined
      : await startAppEndpoint({ home: options.home, credentials: (account, roleArn) => service.credentialsFor(account, roleArn) });
  await endpoint?.sync();
  // Accounts added or removed in the window (or by the CLI, seen on the next change) are served or dropped.
  events.subscribe(() => void endpoint?.sync());

  await refresher.start();
  await checkNotifications();

  return {
    service,
    refresher,
    failing: () => [...failures.keys()],
    wake: async () => {
      await refresher.wake();
      await checkNotifications();
    },
    checkNotifications,
    async stop() {
      stopped = true;
      refresher.stop();
      if (notificationTimer !== undefined) clock.clearTimeout(notificationTimer);
      service.close();
      await handOff?.close();
      await credentialSocket?.close();
      await endpoint?.close();
    },
  };
}
