import type { FirstFactor } from './sign-in-method.js';
import type { AccountEndpoints, AuthFlow, BasicFlowSettings, HostedUiSettings } from './account-input.js';
import type { SessionView } from './session-state.js';

/** An account as the window, the tray and notifications see it: its settings (no secret) and its session. */
export interface AccountView {
  name: string;
  region: string;
  userPoolId: string;
  clientId: string;
  identityPoolId: string;
  username?: string;
  authFlow: AuthFlow;
  firstFactor?: FirstFactor;
  hasClientSecret: boolean;
  defaultRoleArn?: string;
  endpoints?: AccountEndpoints;
  /**
   * Managed-login settings (no secret in them). Present when the account signs in through the browser: the
   * window offers "Sign in with <identityProvider>" and an edit keeps these settings as they are.
   */
  hostedUi?: HostedUiSettings;
  /** The longer-session (basic flow) opt-in, shown and kept by an edit. */
  basicFlow?: BasicFlowSettings;
  active: boolean;
  session: SessionView;
  /** Names of managed ~/.aws/config profiles that use this account. */
  profiles: string[];
}
