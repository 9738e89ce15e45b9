import { getAccount } from '../../core/accounts/account-store.js';
import { consoleSignInUrl } from '../../core/console/console-sign-in.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { BrokerError } from '../../core/errors.js';
import type { BrowserOpener } from '../../core/federation/browser-opener.js';
import { ONE_TIME_REDIRECT_TIMEOUT_MS, openThroughOneTimeRedirect } from '../../core/federation/one-time-redirect.js';
import { credentialsWithHandOff } from '../../core/hand-off/credentials-with-hand-off.js';
import { defineCommand, type CliCommand } from '../command.js';
import { credentialOptions, DEFAULT_WAIT_SECONDS, roleOption, secondsOption } from './credential-options.js';

/**
 * `console <account>`: opens the AWS console signed in with the account's credentials. The sign-in URL grants
 * access to whoever has it, so it is printed only on request (--print, to stdout) and never logged.
 */
export function createConsoleCommand(openOverride?: BrowserOpener): CliCommand {
  return defineCommand({
    name: 'console',
    summary: 'Open the AWS console signed in with the account credentials',
    usage: 'cognito-broker console <account> [--role ARN] [--destination URL] [--duration SECONDS] [--print]',
    description: `Signs in to the AWS console with the account's temporary credentials (through the AWS federation endpoint)
and opens it in your browser.
`,
    examples: `Example:
  cognito-broker console work --destination https://console.aws.amazon.com/s3/home
`,
    options: {
      role: credentialOptions.role,
      destination: { type: 'string', value: 'URL', help: "the console page to open (default: the console home of the account's region)" },
      duration: { type: 'string', value: 'SECONDS', help: "console session length, 900 to 43200 (default: AWS's choice)" },
      print: {
        type: 'boolean',
        help: 'print the sign-in URL on stdout instead of opening a browser. The URL signs in whoever opens it until it expires: do not paste it into chats or tickets.',
      },
      wait: credentialOptions.wait,
    },
    arguments: ['account'],
    positionals: [1, 1],
    async run(args, io) {
      const roleArn = roleOption(args, 'console');
      const waitSeconds = secondsOption(args, 'wait', DEFAULT_WAIT_SECONDS, 'console');
      const destination = args.values.destination;
      if (destination !== undefined && (typeof destination !== 'string' || !/^https:\/\/[^\s]+$/.test(destination))) {
        throw new BrokerError('invalid-argument', '--destination needs an https URL of the AWS console.', { hint: 'Run `cognito-broker console --help`.' });
      }
      const duration = args.values.duration === undefined ? undefined : secondsOption(args, 'duration', 0, 'console');
      const account = await getAccount(io.home, args.positionals[0] ?? '');
      // The browser is the composed one ($BROWSER of this environment) unless a test gives its own.
      const composed = composeBroker(io.home, io.env, openOverride === undefined ? {} : { open: openOverride });
      const { credentials } = await credentialsWithHandOff(composed.broker, io.home, account, roleArn === undefined ? {} : { roleArn }, {
        waitMs: waitSeconds * 1000,
        onWaiting: (waitMs) =>
          io.stderr(
            `cognito-broker: the sign-in of ${account.name} has expired; sign in through the Cognito Broker app (waiting up to ${Math.round(waitMs / 1000)} s).\n`,
          ),
      });
      const endpoint = composed.settings.federationEndpoint;
      const url = await consoleSignInUrl({
        credentials,
        region: account.region,
        ...(typeof destination === 'string' ? { destination } : {}),
        ...(duration === undefined ? {} : { sessionDurationSeconds: duration }),
        ...(endpoint ? { federationEndpoint: endpoint } : {}),
        env: io.env,
      });
      if (args.values.print === true) {
        io.stdout(`${url}\n`);
        return 0;
      }
      // The browser's argv is readable by every local user: it gets a one-time loopback address, not the URL.
      const { opened, redirect } = await openThroughOneTimeRedirect(composed.open, url);
      if (!opened) {
        throw new BrokerError('invalid-argument', 'No browser could be opened on this machine.', {
          hint: `Run \`cognito-broker console ${account.name} --print\` and open the URL yourself; it signs in whoever has it, so keep it to yourself.`,
        });
      }
      // This process serves the redirect, so it stays until the browser has taken it (or the address expired).
      if (!(await redirect.followed)) {
        throw new BrokerError(
          'deadline',
          `The browser did not ask for the console address within ${ONE_TIME_REDIRECT_TIMEOUT_MS / 1000} seconds, so it was withdrawn.`,
          {
            hint: `Run \`cognito-broker console ${account.name}\` again once the browser is running.`,
          },
        );
      }
      io.stdout(`Opened the AWS console for "${account.name}"${credentials.roleArn ? ` as ${credentials.roleArn}` : ''} in your browser.\n`);
      return 0;
    },
  });
}

export const consoleCommand: CliCommand = createConsoleCommand();
