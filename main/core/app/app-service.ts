import type { Account, AccountInput } from '../accounts/account.js';
import { deleteAccount } from '../accounts/account-removal.js';
import * as accountStore from '../accounts/account-store.js';
import { ActivityLog } from '../activity/activity-log.js';
import type { AccountCheck, AccountView, ActivityEntry, AppApi, ProfileView, Settings, SignInProgress, SignInStep } from '../../contract/app-api.js';
import { AppEventHub } from '../api/event-feed.js';
import type { Prompter } from '../auth/prompter.js';
import { StepFlows, type FlowProgress } from '../auth/prompter-steps.js';
import { awsConfigLocation, type AwsConfigLocation } from '../aws-config/config-location.js';
import type { CliLauncher } from '../aws-config/credential-process-command.js';
import { activeAccount, addProfile, listProfileViews, removeManagedProfiles, useAccount, type ProfileContext } from '../aws-config/profile-store.js';
import type { AccountStatus, CredentialResult, LoginResult, LogoutResult } from '../credentials/credential-broker.js';
import type { SessionAuth } from '../credentials/session-auth.js';
import { BrokerError, isBrokerError } from '../errors.js';
import type { BrowserOpener } from '../federation/browser-opener.js';
import { endHostedUiSession } from '../federation/hosted-ui-sign-in.js';
import type { SecretStore } from '../keychain/secret-store.js';
import { secretKeys } from '../keychain/secret-store.js';
import { loadSettings, updateSettings } from '../settings/settings-store.js';
import { checkAccountSettings } from './account-check.js';
import type { SignedInAccount } from './background-refresher.js';
import { BrowserSignIns } from './browser-sign-in.js';
import { openConsole } from './console-api.js';
import { createSelfServiceApi } from './self-service-api.js';
import { toAccountView, toSessionView } from './session-view.js';
import { toLocalTime } from '../aws/server-clock.js';

/**
 * The AppApi over the core: accounts (account store), sessions (credential broker + keychain), sign-in as
 * step-by-step flows (StepFlows over the same sign-in state machine the CLI drives), profiles and settings
 * (AWS config editor, settings store), and the activity log. Every call arrives already validated by
 * dispatch(); every result is built from views that carry no secrets, and dispatch checks that again.
 *
 * Besides AppApi, the Electron shell gets what it needs to run the background refresher and the
 * credential-process hand-off (`listSignedIn`, `refreshAccount`, `requestSignIn`).
 */
export interface SessionBroker {
  login(account: Account, prompter: Prompter, options?: { username?: string }): Promise<LoginResult>;
  logout(account: Account): Promise<LogoutResult>;
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
  secrets: SecretStore & { deleteAll(account: string): Promise<number> };
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

export interface AppService extends AppApi {
  readonly events: AppEventHub;
  readonly activity: ActivityLog;
  listSignedIn(): Promise<SignedInAccount[]>;
  /** Fresh credentials for the account's default role; resolves with their expiry (epoch ms). */
  refreshAccount(name: string): Promise<number>;
  /**
   * A credential-process asked for an interactive sign-in: tell the window (event 'sign-in-requested') and
   * resolve when the account has been signed in through any flow; reject when the person cancels it or
   * nobody signs in within the hand-off timeout.
   */
  requestSignIn(name: string): Promise<void>;
  /** Cancel running sign-ins and pending hand-offs (the app is quitting). */
  close(): void;
}

interface Waiter {
  resolve(): void;
  reject(error: BrokerError): void;
  timer: NodeJS.Timeout;
}

function toStep(step: FlowProgress<LoginResult>['step']): SignInStep {
  switch (step.kind) {
    case 'done':
      return { kind: 'done', session: toSessionView(step.result.session) };
    case 'failed':
      return step.hint === undefined ? { kind: 'failed', message: step.message } : { kind: 'failed', message: step.message, hint: step.hint };
    case 'username':
      // signInStart always supplies the username, so the state machine never asks for it.
      return { kind: 'failed', message: 'The sign-in needs a username.', hint: 'Start the sign-in again and enter your username.' };
    default:
      return step;
  }
}

function withSecretFlag(input: AccountInput, clientSecret: string | undefined): AccountInput {
  return clientSecret === undefined ? input : { ...input, hasClientSecret: true };
}

/** What a refused answer was, in words for the activity log (never the answer itself). */
function refusedWhat(kind: string): string {
  switch (kind) {
    case 'password':
      return 'password';
    case 'new-password':
      return 'new password';
    case 'select-mfa':
      return 'factor choice';
    default:
      return 'code';
  }
}

export function createAppService(deps: AppServiceDeps): AppService {
  const { home, broker } = deps;
  const env = deps.env ?? process.env;
  const events = deps.events ?? new AppEventHub();
  const activity = deps.activity ?? new ActivityLog(home);
  const flows = new StepFlows<LoginResult>(deps.flowTimeoutMs === undefined ? {} : { timeoutMs: deps.flowTimeoutMs });
  /** flowId → account, so a finished flow can be recorded against its account. */
  const flowAccounts = new Map<string, string>();
  const handOffs = new Map<string, Set<Waiter>>();
  const browserSignIns = new BrowserSignIns<LoginResult, SignInProgress>((flowId, step) => progress({ flowId, step }));
  /** Managed-login sign-outs still waiting for the browser, per account: a new sign-in needs their port. */
  const browserSignOuts = new Map<string, AbortController>();
  const location = (): AwsConfigLocation => awsConfigLocation(env);
  const profileContext = (): ProfileContext => ({ location: location(), launcher: deps.launcher });

  const changed = (reason: string): void => events.emit('accounts-changed', { reason });

  async function record(entry: Omit<ActivityEntry, 'at'>): Promise<void> {
    try {
      const saved = await activity.record(entry);
      events.emit('activity', saved);
    } catch {
      // The log is advisory: a full disk must not turn a successful sign-in into an error.
    }
  }

  async function views(accounts: Account[]): Promise<AccountView[]> {
    const settings = await loadSettings(home);
    const [active, profiles] = await Promise.all([activeAccount(location(), settings.activeProfileName), listProfileViews(location())]);
    const out: AccountView[] = [];
    for (const account of accounts) {
      const status = await broker.status(account);
      out.push(toAccountView(account, status, account.name === active, profiles));
    }
    return out;
  }

  async function view(name: string): Promise<AccountView> {
    const [v] = await views([await accountStore.getAccount(home, name)]);
    return v!;
  }

  function settleHandOffs(account: string, outcome: { ok: true } | { ok: false; error: BrokerError }): void {
    const waiters = handOffs.get(account);
    if (!waiters) return;
    handOffs.delete(account);
    for (const w of waiters) {
      clearTimeout(w.timer);
      if (outcome.ok) w.resolve();
      else w.reject(outcome.error);
    }
  }

  async function progress(p: FlowProgress<LoginResult>): Promise<SignInProgress> {
    const account = flowAccounts.get(p.flowId);
    const step = p.step;
    if (step.kind === 'done' || step.kind === 'failed') flowAccounts.delete(p.flowId);
    if (account !== undefined && step.kind === 'done') {
      deps.onSessionChanged?.(account);
      await record({
        kind: 'sign-in',
        account,
        message: `Signed in to ${account}${step.result.session.username ? ` as ${step.result.session.username}` : ''}.`,
      });
      changed('signed in');
      settleHandOffs(account, { ok: true });
    }
    if (account !== undefined && step.kind === 'failed' && step.code !== 'cancelled') {
      await record({ kind: 'sign-in-failed', account, message: `Sign-in to ${account} failed: ${step.message}` });
    }
    if (account !== undefined && p.retryReason !== undefined) {
      // A refused answer (wrong password, wrong code) is a failed attempt even though the flow goes on.
      await record({ kind: 'sign-in-failed', account, message: `A sign-in answer for ${account} was refused (${refusedWhat(step.kind)}): ${p.retryReason}` });
    }
    const out: SignInProgress = { flowId: p.flowId, step: toStep(step) };
    if (p.retryReason !== undefined) out.retryReason = p.retryReason;
    return out;
  }

  const selfService = createSelfServiceApi({ home, env, store: deps.secrets, auth: deps.auth, record, changed });

  async function storeClientSecret(account: string, secret: string): Promise<void> {
    await deps.secrets.set(secretKeys.clientSecret(account), secret);
  }

  /** A renamed account keeps its client secret under its new name. */
  async function moveClientSecret(from: string, to: string): Promise<void> {
    const secret = await deps.secrets.get(secretKeys.clientSecret(from));
    if (secret === null) return;
    await deps.secrets.set(secretKeys.clientSecret(to), secret);
    await deps.secrets.delete(secretKeys.clientSecret(from));
  }

  /**
   * Signing out of a managed-login account also ends the browser's managed-login session (Cognito's cookie,
   * which would otherwise sign the next person at this browser straight in): the logout page opens in the
   * browser and the app waits for its redirect in the background, so the sign-out itself never waits on it.
   */
  function endBrowserSession(account: Account): void {
    const hostedUi = account.hostedUi;
    if (!hostedUi) return;
    browserSignOuts.get(account.name)?.abort();
    const abort = new AbortController();
    browserSignOuts.set(account.name, abort);
    void endHostedUiSession({
      hostedUi,
      clientId: account.clientId,
      open: deps.open,
      showUrl: () => undefined,
      timeoutMs: deps.browserSignOutTimeoutMs ?? 2 * 60_000,
      signal: abort.signal,
    })
      .then(
        () => record({ kind: 'sign-out', account: account.name, message: `Ended the managed-login browser session of ${account.name}.` }),
        (error: unknown) => {
          if (abort.signal.aborted) return;
          const reason = isBrokerError(error) ? error.message : 'an unexpected error.';
          return record({
            kind: 'sign-out',
            account: account.name,
            message: `Ending the managed-login browser session of ${account.name} did not finish: ${reason}`,
          });
        },
      )
      .finally(() => {
        if (browserSignOuts.get(account.name) === abort) browserSignOuts.delete(account.name);
      });
  }

  const service: AppService = {
    events,
    activity,

    async listAccounts() {
      return views(await accountStore.loadAccounts(home));
    },

    getAccount: view,

    async addAccount(input: AccountInput, clientSecret?: string) {
      const account = await accountStore.addAccount(home, withSecretFlag(input, clientSecret));
      if (clientSecret !== undefined) await storeClientSecret(account.name, clientSecret);
      await record({ kind: 'account', account: account.name, message: `Added account ${account.name}.` });
      changed('account added');
      return view(account.name);
    },

    async updateAccount(name: string, input: AccountInput, clientSecret?: string) {
      // Without a new secret the stored one (and the flag) stay: the window never has the old one to send back.
      const current = await accountStore.getAccount(home, name);
      const next = clientSecret === undefined ? { ...input, hasClientSecret: current.hasClientSecret } : withSecretFlag(input, clientSecret);
      if (clientSecret !== undefined) await storeClientSecret(name, clientSecret);
      const account = await accountStore.updateAccount(home, name, next);
      if (account.name !== name && account.hasClientSecret) await moveClientSecret(name, account.name);
      await record({ kind: 'account', account: account.name, message: `Changed the settings of account ${account.name}.` });
      changed('account changed');
      return view(account.name);
    },

    async removeAccount(name: string) {
      const account = await accountStore.getAccount(home, name);
      // Revoke the session at the pool first, so a refresh token deleted here is not still valid there.
      const signedIn = (await broker.status(account)).state !== 'needs-sign-in';
      if (signedIn) await broker.logout(account).catch(() => undefined);
      const removed = await deleteAccount(home, name, {
        secrets: deps.secrets,
        removeProfiles: (a) => removeManagedProfiles({ location: location() }, { account: a }),
      });
      const profiles = removed.profilesRemoved.length ? ` and its profiles ${removed.profilesRemoved.join(', ')}` : '';
      await record({ kind: 'account', account: name, message: `Removed account ${name}${profiles}.` });
      deps.onSessionChanged?.(name);
      changed('account removed');
    },

    async importAccounts(json: string) {
      const imported = await accountStore.importAccounts(home, json, 'The imported file');
      await record({
        kind: 'account',
        message: `Imported ${imported.length} account${imported.length === 1 ? '' : 's'}: ${imported.map((a) => a.name).join(', ')}.`,
      });
      changed('accounts imported');
      return views(imported);
    },

    async checkAccount(input: AccountInput) {
      const account = accountStore.validateAccount(input);
      return (deps.checkAccount ?? ((a: Account) => checkAccountSettings(a, env)))(account);
    },

    async signInStart(name: string, username?: string) {
      const account = await accountStore.getAccount(home, name);
      if (account.hostedUi) {
        // A sign-out still waiting for the browser holds the loopback port this sign-in needs.
        browserSignOuts.get(name)?.abort();
        const flowId = browserSignIns.newFlowId();
        flowAccounts.set(flowId, name);
        const started = await browserSignIns.start(flowId, account, (prompter) => broker.login(account, prompter, username === undefined ? {} : { username }));
        if ('settled' in started) return started.settled;
        const step: SignInStep = account.hostedUi.identityProvider
          ? { kind: 'browser', url: started.url, identityProvider: account.hostedUi.identityProvider }
          : { kind: 'browser', url: started.url };
        return { flowId: started.flowId, step };
      }
      const user = username ?? account.username;
      if (user === undefined) {
        throw new BrokerError('invalid-argument', `Signing in to ${name} needs a username.`, { hint: 'Enter your username and try again.' });
      }
      const first = await flows.start((prompter) => broker.login(account, prompter, { username: user }));
      flowAccounts.set(first.flowId, name);
      return progress(first);
    },

    async signInAnswer(flowId: string, answer: string) {
      // A browser sign-in has no questions: any answer means "wait for the browser to finish".
      if (browserSignIns.has(flowId)) return browserSignIns.wait(flowId);
      return progress(await flows.answer(flowId, answer));
    },

    async signInCancel(flowId: string) {
      const account = flowAccounts.get(flowId);
      browserSignIns.cancel(flowId);
      flows.cancel(flowId);
      flowAccounts.delete(flowId);
      if (account !== undefined)
        settleHandOffs(account, { ok: false, error: new BrokerError('cancelled', `The sign-in to ${account} was cancelled in the app.`) });
    },

    async signOut(name: string) {
      const account = await accountStore.getAccount(home, name);
      const result = await broker.logout(account);
      deps.onSessionChanged?.(name);
      const note = result.revokeError
        ? ` Revoking the session at the user pool failed (${result.revokeError.message}); it ends on its own when it expires.`
        : '';
      await record({ kind: 'sign-out', account: name, message: `Signed out of ${name}.${note}` });
      changed('signed out');
      if (account.hostedUi) endBrowserSession(account);
    },

    async setActiveAccount(name: string) {
      const account = await accountStore.getAccount(home, name);
      const settings = await loadSettings(home);
      const { written } = await useAccount(profileContext(), account, {
        activeProfileName: settings.activeProfileName,
        asDefault: settings.allowDefaultProfile,
        ...(account.defaultRoleArn === undefined ? {} : { roleArn: account.defaultRoleArn }),
      });
      await record({
        kind: 'profile',
        account: name,
        message: `Made ${name} the active account (profile${written.length > 1 ? 's' : ''} ${written.join(', ')}).`,
      });
      changed('active account');
    },

    async setDefaultRole(name: string, roleArn: string | null) {
      const current = await accountStore.getAccount(home, name);
      if (roleArn !== null) {
        const status = await broker.status(current);
        if (status.state !== 'needs-sign-in' && !status.roles.some((r) => r.arn === roleArn)) {
          throw new BrokerError('role-not-allowed', `Your groups in ${name} do not grant the role ${roleArn}.`, {
            hint: `Choose one of: ${status.roles.map((r) => r.arn).join(', ') || 'no roles (ask an administrator to add you to a group)'}.`,
          });
        }
      }
      const next: AccountInput = { ...current };
      if (roleArn === null) delete next.defaultRoleArn;
      else next.defaultRoleArn = roleArn;
      await accountStore.updateAccount(home, name, next);
      await record({
        kind: 'account',
        account: name,
        message: roleArn === null ? `${name} now uses the role the pool prefers.` : `${name} now uses the role ${roleArn} by default.`,
      });
      changed('default role');
      return view(name);
    },

    async listProfiles(): Promise<ProfileView[]> {
      return listProfileViews(location());
    },

    async addProfile(accountName: string, roleArn: string, profileName?: string) {
      const account = await accountStore.getAccount(home, accountName);
      const { name } = await addProfile(profileContext(), account, { roleArn, ...(profileName === undefined ? {} : { name: profileName }) });
      await record({ kind: 'profile', account: accountName, message: `Added profile ${name} for ${accountName} with role ${roleArn}.` });
      changed('profile added');
      const added = (await listProfileViews(location())).find((p) => p.name === name);
      if (!added)
        throw new BrokerError('config-io', `The profile ${name} was written but cannot be read back from ${location().configFile}.`, {
          hint: 'Check the file.',
        });
      return added;
    },

    async removeProfile(profileName: string) {
      await removeManagedProfiles({ location: location() }, { name: profileName });
      await record({ kind: 'profile', message: `Removed profile ${profileName}.` });
      changed('profile removed');
    },

    async exportLines(name: string) {
      const account = await accountStore.getAccount(home, name);
      // A profile whose credential_process is this broker: the shell gets a reference, never the keys. Not the
      // active or default profile: those follow whichever account is active, and the lines must stay on this one.
      const { activeProfileName } = await loadSettings(home);
      const candidates = (await listProfileViews(location())).filter(
        (p) => p.account === name && p.roleArn === undefined && p.name !== 'default' && p.name !== activeProfileName,
      );
      let profile = candidates.find((p) => p.name === name) ?? candidates[0];
      if (!profile) {
        const { name: written } = await addProfile(profileContext(), account);
        await record({ kind: 'profile', account: name, message: `Added profile ${written} for ${name}.` });
        changed('profile added');
        profile = (await listProfileViews(location())).find((p) => p.name === written);
      }
      const profileName = profile?.name ?? name;
      return `export AWS_PROFILE=${profileName}\nexport AWS_REGION=${account.region}\n`;
    },

    ...selfService,

    openConsole: (name: string, roleArn?: string) => openConsole({ home, env, broker, open: deps.open, record }, name, roleArn),

    async getSettings() {
      return loadSettings(home);
    },

    async setSettings(patch: Partial<Settings>) {
      const settings = await updateSettings(home, patch);
      deps.onSettingsChanged?.(settings);
      return settings;
    },

    async listActivity(limit?: number) {
      return activity.list(limit ?? 100);
    },

    async listSignedIn() {
      const out: SignedInAccount[] = [];
      for (const account of await accountStore.loadAccounts(home)) {
        const status = await broker.status(account);
        if (status.state !== 'signed-in') continue;
        // The refresher's timers run on this machine's clock; Expiration is AWS's time (server-clock.ts).
        const expires = status.credentialsExpireAt ? toLocalTime(Date.parse(status.credentialsExpireAt), status.clock?.offsetMs) : NaN;
        out.push(Number.isFinite(expires) ? { account: account.name, credentialsExpireAt: expires } : { account: account.name });
      }
      return out;
    },

    async refreshAccount(name: string) {
      const account = await accountStore.getAccount(home, name);
      let expiresAt: number;
      try {
        const { credentials, source } = await broker.getCredentials(account);
        if (source === 'refresh') {
          await record({ kind: 'refresh', account: name, message: `Renewed the AWS credentials of ${name}.` });
          changed('credentials renewed');
        }
        expiresAt = toLocalTime(Date.parse(credentials.expiration), credentials.clockOffsetMs);
      } catch (err) {
        const message = isBrokerError(err) ? err.message : 'An unexpected error stopped the refresh.';
        await record({ kind: 'refresh-failed', account: name, message: `Renewing the AWS credentials of ${name} failed: ${message}` });
        throw err;
      }
      // Profiles for other roles of this account have their own cached credentials: keep those fresh too.
      // One failing role (the person left the group that granted it) is logged, not fatal for the account.
      const roles = new Set(
        (await listProfileViews(location())).filter((p) => p.account === name && p.roleArn && p.roleArn !== account.defaultRoleArn).map((p) => p.roleArn!),
      );
      for (const roleArn of roles) {
        try {
          const { credentials, source } = await broker.getCredentials(account, { roleArn });
          if (source === 'refresh') await record({ kind: 'refresh', account: name, message: `Renewed the AWS credentials of ${name} for role ${roleArn}.` });
          expiresAt = Math.min(expiresAt, toLocalTime(Date.parse(credentials.expiration), credentials.clockOffsetMs));
        } catch (err) {
          const message = isBrokerError(err) ? err.message : 'An unexpected error stopped the refresh.';
          await record({ kind: 'refresh-failed', account: name, message: `Renewing the AWS credentials of ${name} for role ${roleArn} failed: ${message}` });
        }
      }
      return expiresAt;
    },

    requestSignIn(name: string) {
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          reject,
          timer: setTimeout(
            () => {
              handOffs.get(name)?.delete(waiter);
              reject(new BrokerError('cancelled', `Nobody signed in to ${name} in the app in time.`, { hint: `Run \`cognito-broker login ${name}\`.` }));
            },
            deps.handOffTimeoutMs ?? 10 * 60_000,
          ),
        };
        waiter.timer.unref();
        const set = handOffs.get(name) ?? new Set<Waiter>();
        set.add(waiter);
        handOffs.set(name, set);
        events.emit('sign-in-requested', { account: name });
      });
    },

    close() {
      flows.cancelAll();
      browserSignIns.cancelAll();
      for (const abort of browserSignOuts.values()) abort.abort();
      for (const account of [...handOffs.keys()]) settleHandOffs(account, { ok: false, error: new BrokerError('cancelled', 'Cognito Broker is quitting.') });
    },
  };
  return service;
}
