import type { CliLauncher } from '../aws-config/credential-process-command.js';
import { composeBroker, type BrokerOverrides } from '../composition/compose-broker.js';
import type { BrowserOpener } from '../federation/browser-opener.js';
import { createAppService, type AppService, type AppServiceDeps } from './app-service.js';
import { withAppHostedUi } from './browser-sign-in.js';

/**
 * The AppService on the parts the composition root builds (compose-broker.ts): the OS keychain of this broker
 * home, the real user-pool and identity-pool calls, the real files, and `open` for the browser (default:
 * `$BROWSER` or the system browser). Used by the Electron main process (which passes shell.openExternal),
 * `npm run dev:web` and the tests, which may replace parts through `overrides`. Without `home`, the home is
 * the one the environment names (COGNITO_BROKER_HOME, else the OS per-user folder), as for the CLI.
 */
export function createDefaultAppService(
  options: { home?: string; launcher: CliLauncher; env?: NodeJS.ProcessEnv; open?: BrowserOpener; overrides?: Omit<BrokerOverrides, 'open'> } & Partial<
    Pick<AppServiceDeps, 'onSettingsChanged' | 'onSessionChanged' | 'events' | 'browserSignOutTimeoutMs'>
  >,
): AppService {
  const { overrides, ...rest } = options;
  const env = options.env ?? process.env;
  const composed = composeBroker(options.home, env, {
    auth: (defaults, open) => withAppHostedUi(defaults, open),
    ...overrides,
    ...(options.open === undefined ? {} : { open: options.open }),
  });
  return createAppService({ ...rest, home: composed.home, env, broker: composed.broker, secrets: composed.store, auth: composed.auth, open: composed.open });
}
