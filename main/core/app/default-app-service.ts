import type { CliLauncher } from '../aws-config/credential-process-command.js';
import { CredentialBroker } from '../credentials/credential-broker.js';
import { defaultSessionAuth } from '../credentials/default-session-auth.js';
import { keyringStore } from '../keychain/keyring-store.js';
import { createAppService, type AppService, type AppServiceDeps } from './app-service.js';

/**
 * The AppService on the real parts: the OS keychain of this broker home, the real user-pool and
 * identity-pool calls, the real files. Used by the Electron main process and `npm run dev:web`.
 */
export function createDefaultAppService(
  options: { home: string; launcher: CliLauncher; env?: NodeJS.ProcessEnv } & Partial<Pick<AppServiceDeps, 'onSettingsChanged' | 'onSessionChanged' | 'events'>>,
): AppService {
  const env = options.env ?? process.env;
  const store = keyringStore(options.home);
  const broker = new CredentialBroker({ home: options.home, store, auth: defaultSessionAuth, env });
  return createAppService({ ...options, env, broker, secrets: store });
}
