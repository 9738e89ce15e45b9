import { join, resolve } from 'node:path';

/**
 * The broker's home: account definitions, the hand-off socket, lock files. `COGNITO_BROKER_HOME` wins
 * (tests and the demo use it so runs never share state); otherwise the OS's per-user config directory for
 * the app — the same folder Electron's `app.getPath('userData')` gives for product name "Cognito Broker",
 * so the CLI and the desktop app always agree.
 */
export function brokerHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env.COGNITO_BROKER_HOME;
  if (override && override.trim() !== '') return resolve(override);
  const home = userHomeDir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Cognito Broker');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Cognito Broker');
  return join(env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== '' ? env.XDG_CONFIG_HOME : join(home, '.config'), 'Cognito Broker');
}

export function accountsFile(home: string): string {
  return join(home, 'accounts.json');
}

export function settingsFile(home: string): string {
  return join(home, 'settings.json');
}

export function locksDir(home: string): string {
  return join(home, 'locks');
}

/**
 * os.homedir(), with node:os loaded only here: credential-process's first stage runs brokerHome() on every
 * AWS call, and where COGNITO_BROKER_HOME is set it need not pay for loading node:os at all.
 */
function userHomeDir(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- because a top-level import would load node:os on every credential-process call, needed or not
  return (require('node:os') as typeof import('node:os')).homedir();
}
