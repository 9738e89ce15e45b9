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

function expand(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(homedir(), path.slice(2));
  return resolve(path);
}

export function awsConfigLocation(env: NodeJS.ProcessEnv = process.env): AwsConfigLocation {
  const config = env.AWS_CONFIG_FILE?.trim();
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE?.trim();
  return {
    configFile: config ? expand(config) : join(homedir(), '.aws', 'config'),
    credentialsFile: credentials ? expand(credentials) : join(homedir(), '.aws', 'credentials'),
  };
}
