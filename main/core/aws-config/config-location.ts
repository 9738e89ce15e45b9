import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where the AWS CLI reads its files: `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` when set (the CLI
 * expands a leading `~` in them, so we do too), otherwise ~/.aws/config and ~/.aws/credentials.
 */
export interface AwsConfigLocation {
  configFile: string;
  credentialsFile: string;
}

function expand(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(home, path.slice(2));
  return resolve(path);
}

/** `env` is the one the command runs with (a CLI child's, a test's), so HOME is read from it too. */
export function awsConfigLocation(env: NodeJS.ProcessEnv = process.env): AwsConfigLocation {
  const home = (process.platform === 'win32' ? env.USERPROFILE : env.HOME)?.trim() || homedir();
  const config = env.AWS_CONFIG_FILE?.trim();
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE?.trim();
  return {
    configFile: config ? expand(config, home) : join(home, '.aws', 'config'),
    credentialsFile: credentials ? expand(credentials, home) : join(home, '.aws', 'credentials'),
  };
}
