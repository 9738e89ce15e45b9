import type { ActivityLog } from '../activity/activity-log.js';
import type { AppApi } from '../../contract/app-api.js';
import type { AppEventHub } from '../api/event-feed.js';
import { BrokerError } from '../errors.js';
import { createAccountsApi, type AccountsApi } from './accounts-api.js';
import { createAppContext, type AppServiceDeps } from './app-context.js';
import { openConsole } from './console-api.js';
import { createDevicesApi } from './devices-api.js';
import { createHandOffApi } from './hand-off-api.js';
import { createPasskeysApi } from './passkeys-api.js';
import { createProfilesApi } from './profiles-api.js';
import { getAccount } from '../accounts/account-store.js';
import { endpointVariablesFor } from '../endpoint/endpoint-variables.js';
import { createRefreshApi, type RefreshApi } from './refresh-api.js';
import { createSelfServiceApi } from './self-service-api.js';
import { createSettingsApi } from './settings-api.js';
import { createSignInApi } from './sign-in-api.js';

export type { AppServiceDeps, SessionBroker } from './app-context.js';

/**
 * The AppApi over the core, composed of one part per job: accounts (accounts-api), sign-in and sign-out
 * (sign-in-api), profiles (profiles-api), settings, self-service, the AWS console, and the activity log.
 * Every call arrives already validated by dispatch(); every result is built from views that carry no
 * secrets, and dispatch checks that again.
 *
 * Besides AppApi, the app's runtime and the Electron shell get what they need to run the background
 * refresher (refresh-api), the credential-process hand-off (hand-off-api) and the browser allow-list
 * (`managedLoginDomains`); dispatch() never offers those to the window.
 */
export interface AppService extends AppApi, RefreshApi, Pick<AccountsApi, 'managedLoginDomains'> {
  readonly events: AppEventHub;
  readonly activity: ActivityLog;
  /**
   * A credential-process asked for an interactive sign-in: tell the window (event 'sign-in-requested') and
   * resolve when the account has been signed in through any flow; reject when the person cancels it or
   * nobody signs in within the hand-off timeout.
   */
  requestSignIn(name: string): Promise<void>;
  /** Cancel running sign-ins and pending hand-offs (the app is quitting). */
  close(): void;
}

export function createAppService(deps: AppServiceDeps): AppService {
  const ctx = createAppContext(deps);
  const { home, env, broker, events, activity, record, changed } = ctx;
  const handOffs = createHandOffApi(ctx);
  const signIn = createSignInApi(ctx, handOffs);

  return {
    events,
    activity,
    ...createAccountsApi(ctx),
    ...signIn,
    ...createProfilesApi(ctx),
    ...createSelfServiceApi({ home, env, store: deps.secrets, auth: deps.auth, record, changed }),
    openConsole: (name: string, roleArn?: string) => openConsole({ home, env, broker, open: deps.open, record }, name, roleArn),
    ...createSettingsApi(ctx),
    listActivity: async (limit?: number) => activity.list(limit ?? 100),
    ...createRefreshApi(ctx),
    ...createDevicesApi({ home, env, store: deps.secrets, auth: deps.auth, record, changed }),
    endpointVariables: async (name: string) => endpointVariablesFor(home, await getAccount(home, name)),
    requestSignIn: (name: string) => handOffs.requestSignIn(name),
    ...createPasskeysApi({ home, env, store: deps.secrets, auth: deps.auth, record, changed }),
    // After ...signIn: this close also ends the sign-ins.
    close() {
      signIn.close();
      handOffs.cancelAll(new BrokerError('cancelled', 'Cognito Broker is quitting.'));
    },
  };
}
