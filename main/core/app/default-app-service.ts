import type { CliLauncher } from '../aws-config/credential-process-command.js';
import { CredentialBroker } from '../credentials/credential-broker.js';
import { defaultSessionAuth } from '../credentials/default-session-auth.js';
import { systemBrowserOpener, type BrowserOpener } from '../federation/browser-opener.js';
import { keyringStore } from '../keychain/keyring-store.js';
import { createAppService, type AppService, type AppServiceDeps } from './app-service.js';
import { withAppHostedUi } from './browser-sign-in.js';

/**
 * The AppService on the real parts: the OS keychain of this broker home, the real user-pool and
 * identity-pool calls, the real files, and `open` for the browser (default: the system browser). Used by
 * the Electron main process (which passes shell.openExternal) and `npm run dev:web`.
 */
export function createDefaultAppService(
  options: { home: string; launcher: CliLauncher; env?: NodeJS.ProcessEnv; open?: BrowserOpener } & Partial<
    Pick<AppServiceDeps, 'onSettingsChanged' | 'onSessionChanged' | 'events' | 'browserSignOutTimeoutMs'>
  >,
): AppService {
  const env = options.env ?? process.env;
  const open = options.open ?? systemBrowserOpener(process.platform, env);
  const store = keyringStore(options.home);
  const auth = withAppHostedUi(defaultSessionAuth, open);
  const broker = new CredentialBroker({ home: options.home, store, auth, env });
  return createAppService({ ...options, env, broker, secrets: store, auth, open });
}
