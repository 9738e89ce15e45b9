import type { Account } from '../../core/accounts/account.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { startCredentialsEndpoint } from '../../core/endpoint/credentials-endpoint.js';
import { endpointVariablesFor } from '../../core/endpoint/endpoint-variables.js';
import { brokerCredentials } from '../../core/endpoint/shared-credentials.js';
import type { CliIo } from '../command.js';

/**
 * Variables that would make a child use something else than the endpoint: every SDK takes static keys from
 * the environment and a profile before the container provider, and a relative URI or a token file before a
 * full URI and a token.
 */
const SHADOWING = [
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
];

/**
 * `exec --server`: an endpoint of this process's own (nothing written to the broker home) serving the one
 * (account, role) for as long as the child runs, so a command that runs for hours keeps getting renewed
 * credentials. The child gets the token in its environment, which only it (and this user) can read.
 */
export async function runWithEndpoint(
  io: CliIo,
  account: Account,
  roleArn: string | undefined,
  run: (env: NodeJS.ProcessEnv) => Promise<number>,
): Promise<number> {
  const endpoint = await startCredentialsEndpoint({ home: io.home, credentials: brokerCredentials(io.home, composeBroker(io.home, io.env).broker) });
  try {
    const route = await endpoint.addRoute(account.name, roleArn);
    const env: NodeJS.ProcessEnv = { ...io.env };
    for (const name of SHADOWING) delete env[name];
    Object.assign(env, {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: route.fullUri,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: route.token,
      AWS_REGION: account.region,
      AWS_DEFAULT_REGION: account.region,
    });
    return await run(env);
  } finally {
    await endpoint.close();
  }
}

/** `export --format container`: the lines for the endpoint the app or `serve` runs for (account, role). */
export async function containerLines(io: CliIo, account: Account, roleArn: string | undefined): Promise<string> {
  return (await endpointVariablesFor(io.home, account, roleArn)).shell;
}
