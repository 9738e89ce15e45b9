import type { Account } from '../accounts/account.js';
import { ActivityLog } from '../activity/activity-log.js';
import type { AccountCheck, ActivityEntry, Settings } from '../../contract/app-api.js';
import { AppEventHub } from '../api/event-feed.js';
import type { Prompter } from '../auth/prompter.js';
import { awsConfigLocation, type AwsConfigLocation } from '../aws-config/config-location.js';
import type { CliLauncher } from '../aws-config/credential-process-command.js';
import type { ProfileContext } from '../aws-config/profile-store.js';
import type { AccountStatus, CredentialResult, LoginResult, LogoutResult } from '../credentials/credential-broker.js';
import type { SessionAuth } from '../credentials/session-auth.js';
import type { BrowserOpener } from '../federation/browser-opener.js';
import type { AccountSecretStore } from '../keychain/secret-store.js';

/** What the app needs of the credential broker: sessions, their status, and credentials. */
export interface SessionBroker {
  login(account: Account, prompter: Prompter, options?: { username?: string }): Promise<LoginResult>;
  /** `forgetDevice`: also forget this computer as a remembered device (at the pool and in the keychain). */
  logout(account: Account, options?: { forgetDevice?: boolean }): Promise<LogoutResult>;
  status(account: Account): Promise<AccountStatus>;
  getCredentials(account: Account, request?: { roleArn?: string }): Promise<CredentialResult>;
}

export interface AppServiceDeps {
  home: string;
  env?: NodeJS.ProcessEnv;
  broker: SessionBroker;
  /**
   * The keychain: client secrets typed in the window are stored here, self-service reads the session's
   * access token from it, and an account's removal deletes every entry of it.
   */
  secrets: AccountSecretStore;
  /** The same sign-in port the broker uses; self-service renews an expired access token through it. */
  auth: Pick<SessionAuth, 'refreshSession'>;
  /**
   * Opens an https URL in the person's browser: managed-login sign-in and sign-out, the AWS console.
   * Electron passes shell.openExternal; tests pass a Chromium page.
   */
  open: BrowserOpener;
  /** How long a managed-login sign-out waits for the browser to come back (default 2 min). */
  browserSignOutTimeoutMs?: number;
  /** How ~/.aws/config profiles start the CLI (the packaged launcher, or node + the CLI bundle). */
  launcher: CliLauncher;
  events?: AppEventHub;
  activity?: ActivityLog;
  checkAccount?(account: Account): Promise<AccountCheck>;
  /** Sign-in flows nobody answers are dropped after this long (default 10 min). */
  flowTimeoutMs?: number;
  /** How long a hand-off waits for the person to sign in (default 10 min). */
  handOffTimeoutMs?: number;
  /** Told after settings change (launch at login is applied by the Electron shell). */
  onSettingsChanged?(settings: Settings): void;
  /** Told after a sign-in or sign-out of an account (the refresher forgets its failures). */
  onSessionChanged?(account: string): void;
}

/**
 * What every part of the AppService shares: the dependencies with their defaults filled in, the event hub
 * the window listens to, the activity log, and where the AWS config lives. Built once per service.
 */
export interface AppContext {
  readonly deps: AppServiceDeps;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  readonly broker: SessionBroker;
  readonly events: AppEventHub;
  readonly activity: ActivityLog;
  /** Read on every call: the environment decides where ~/.aws/config is. */
  readonly location: () => AwsConfigLocation;
  readonly profileContext: () => ProfileContext;
  /** Writes an activity line and tells the window; never fails the call that made it. */
  readonly record: (entry: Omit<ActivityEntry, 'at'>) => Promise<void>;
  /** Tells the window (and the tray) that what it shows of the accounts changed. */
  readonly changed: (reason: string) => void;
}

export function createAppContext(deps: AppServiceDeps): AppContext {
  const env = deps.env ?? process.env;
  const events = deps.events ?? new AppEventHub();
  const activity = deps.activity ?? new ActivityLog(deps.home);
  const location = (): AwsConfigLocation => awsConfigLocation(env);
  return {
    deps,
    home: deps.home,
    env,
    broker: deps.broker,
    events,
    activity,
    location,
    profileContext: () => ({ location: location(), launcher: deps.launcher }),
    record: async (entry) => {
      try {
        const saved = await activity.record(entry);
        events.emit('activity', saved);
      } catch {
        // The log is advisory: a full disk must not turn a successful sign-in into an error.
      }
    },
    changed: (reason) => events.emit('accounts-changed', { reason }),
  };
}
