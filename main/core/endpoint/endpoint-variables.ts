import type { Account } from '../accounts/account.js';
import { BrokerError } from '../errors.js';
import { findServedRoute } from './endpoint-record.js';

/**
 * The variables that point an AWS SDK or the AWS CLI at a credentials endpoint, as POSIX shell lines. The
 * token itself is never printed: the line reads it from its 0600 file when the shell runs it, so it works
 * with every SDK and CLI version that knows AWS_CONTAINER_AUTHORIZATION_TOKEN (older ones, such as the AWS
 * CLI before 2.13 and botocore before 1.31, do not read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE), while
 * stdout, the clipboard and the window only ever hold a path.
 */
export function endpointShellLines(fullUri: string, tokenFile: string): string {
  return `export AWS_CONTAINER_CREDENTIALS_FULL_URI=${shellQuote(fullUri)}\nexport AWS_CONTAINER_AUTHORIZATION_TOKEN="$(cat ${shellQuote(tokenFile)})"\n`;
}

/** POSIX shell single quotes: nothing inside is expanded. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface EndpointVariables {
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI */
  url: string;
  /** AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: the 0600 file that holds the token. */
  tokenFile: string;
  /** The POSIX shell lines (endpointShellLines) plus the account's Region. */
  shell: string;
}

/**
 * The variables of the running endpoint (the app's or a `serve`) that serves (account, role), or a
 * BrokerError saying how to start one. A role that is the account's default is found under either name.
 */
export async function endpointVariablesFor(
  home: string,
  account: Pick<Account, 'name' | 'region' | 'defaultRoleArn'>,
  roleArn?: string,
): Promise<EndpointVariables> {
  const served =
    (await findServedRoute(home, account.name, roleArn)) ??
    (roleArn !== undefined && roleArn === account.defaultRoleArn ? await findServedRoute(home, account.name, undefined) : undefined);
  if (!served) {
    const role = roleArn === undefined ? '' : ` --role ${roleArn}`;
    throw new BrokerError(
      'invalid-argument',
      `No credentials endpoint is serving ${account.name}${roleArn === undefined ? '' : ` with role ${roleArn}`} right now.`,
      {
        hint: `Run \`cognito-broker serve ${account.name}${role}\` in another terminal (or open the Cognito Broker app), then try again.`,
      },
    );
  }
  return {
    url: served.fullUri,
    tokenFile: served.tokenFile,
    shell: `${endpointShellLines(served.fullUri, served.tokenFile)}export AWS_REGION=${account.region}\nexport AWS_DEFAULT_REGION=${account.region}\n`,
  };
}
