import { getAccount } from '../../core/accounts/account-store.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { startCredentialSocket } from '../../core/credential-socket/credential-socket-server.js';
import { startCredentialsEndpoint } from '../../core/endpoint/credentials-endpoint.js';
import { endpointShellLines } from '../../core/endpoint/endpoint-variables.js';
import { brokerCredentials, sharedCredentials } from '../../core/endpoint/shared-credentials.js';
import { BrokerError } from '../../core/errors.js';
import { defineCommand } from '../command.js';
import { credentialOptions, roleOption } from './credential-options.js';

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'Serve credentials on a local endpoint for IDEs, notebooks and containers',
  usage: 'cognito-broker serve <account>... [--role ARN]... [--port PORT] [--ipv6]',
  description: `Runs a credentials endpoint on 127.0.0.1 until Ctrl-C: every AWS SDK and the AWS CLI read credentials
from it when AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN (or _TOKEN_FILE) are
set, with no profile and no process start per call. It serves each account's default role and each --role,
from the same keychain cache and refresh as credential-process, so clients that run for hours keep getting
renewed credentials. Prints the variables to set (the token stays in a 0600 file; the lines read it from
there). Every start makes new tokens; stopping removes the token files.
`,
  examples: `Example:
  cognito-broker serve dev
  eval "$(cognito-broker export dev --format container)"   # in another shell
`,
  options: {
    role: { ...credentialOptions.role, multiple: true, help: 'also serve this role (repeatable; default: only the default role)' },
    port: { type: 'string', value: 'PORT', help: 'listen on this port (default: a free one)' },
    ipv6: { type: 'boolean', help: 'listen on [::1] instead of 127.0.0.1 (some older SDKs accept only 127.0.0.1)' },
  },
  arguments: ['account'],
  positionals: [1, 16],
  async run(args, io) {
    const roles = (args.values.role ?? []).map((role) => roleOption({ positionals: [], values: { role } }, 'serve') as string);
    const port = args.values.port === undefined ? undefined : Number(args.values.port);
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
      throw new BrokerError('invalid-argument', '--port needs a port number from 1 to 65535.', { hint: 'Leave --port out to use a free port.' });
    }
    const accounts = [];
    for (const name of args.positionals) accounts.push(await getAccount(io.home, name));
    const credentials = sharedCredentials(brokerCredentials(io.home, composeBroker(io.home, io.env).broker));
    const endpoint = await startCredentialsEndpoint({
      home: io.home,
      publish: 'serve',
      credentials,
      ...(args.values.ipv6 === true ? { host: '::1' as const } : {}),
      ...(port === undefined ? {} : { port }),
    });
    // credential-process's fast path too, from the same broker (undefined when the app already answers it).
    const socket = await startCredentialSocket({ home: io.home, answer: credentials }).catch(async (error: unknown) => {
      await endpoint.close();
      throw error;
    });
    const stopped = new Promise<NodeJS.Signals>((resolve) => {
      for (const signal of STOP_SIGNALS) process.once(signal, () => resolve(signal));
    });
    try {
      let text = `Serving AWS credentials on ${endpoint.url} (Ctrl-C stops it). Set these where the program runs:\n`;
      for (const account of accounts) {
        for (const roleArn of [undefined, ...roles]) {
          const route = await endpoint.addRoute(account.name, roleArn);
          text += `\n# ${account.name}, ${roleArn ?? 'default role'}\n${endpointShellLines(route.fullUri, route.tokenFile as string)}`;
          text += `# or, for SDKs that read a token file: AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=${route.tokenFile as string}\n`;
        }
      }
      io.stdout(text);
      await stopped;
    } finally {
      await endpoint.close();
      await socket?.close();
    }
    return 0;
  },
});
