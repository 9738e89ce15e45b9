import { getAccount } from '../../core/accounts/account-store.js';
import { toProcessOutput } from '../../core/credentials/aws-credentials.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { BrokerError } from '../../core/errors.js';
import { credentialsWithHandOff } from '../../core/hand-off/credentials-with-hand-off.js';
import type { Account } from '../../core/accounts/account.js';
import type { AwsCredentials } from '../../core/credentials/aws-credentials.js';
import { defineCommand } from '../command.js';
import { credentialOptions, DEFAULT_WAIT_SECONDS, roleOption, secondsOption } from './credential-options.js';
import { credentialEnvironment } from './credential-output.js';
import { setVariableLine, type Shell } from './shell-syntax.js';
import { containerLines } from './endpoint-cli.js';

/** One way of printing credentials; `--format`'s values, its help and its completion come from this table. */
interface ExportFormat {
  /** What --help says about it. */
  help: string;
  print(credentials: AwsCredentials, account: Account): string;
}

const shellLines = (shell: Shell) => (credentials: AwsCredentials, account: Account) =>
  Object.entries(credentialEnvironment(credentials, account.region))
    .map(([name, value]) => `${setVariableLine(shell, name, value)}\n`)
    .join('');

const FORMATS: Record<string, ExportFormat> = {
  env: { help: 'export lines for a POSIX shell: eval "$(cognito-broker export dev)"  (default)', print: shellLines('bash') },
  json: {
    help: '{"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration", "Region", "RoleArn", "IdentityId"}',
    print: (credentials, account) =>
      `${JSON.stringify(
        {
          AccessKeyId: credentials.accessKeyId,
          SecretAccessKey: credentials.secretAccessKey,
          SessionToken: credentials.sessionToken,
          Expiration: credentials.expiration,
          Region: account.region,
          ...(credentials.roleArn ? { RoleArn: credentials.roleArn } : {}),
          IdentityId: credentials.identityId,
        },
        null,
        2,
      )}\n`,
  },
  process: { help: 'the credential_process Version 1 JSON', print: (credentials) => `${toProcessOutput(credentials)}\n` },
  fish: { help: 'set -gx lines for fish: cognito-broker export dev --format fish | source', print: shellLines('fish') },
  powershell: { help: '$Env: lines for PowerShell: cognito-broker export dev --format powershell | Invoke-Expression', print: shellLines('powershell') },
};
/** Not credentials but where to get them: the endpoint the app or `serve` runs (no secret in the lines). */
const CONTAINER_HELP = 'AWS_CONTAINER_CREDENTIALS_FULL_URI and the token (read from its 0600 file) of a running `serve` or app';
const FORMAT_NAMES = [...Object.keys(FORMATS), 'container'];
const formatWidth = Math.max(...FORMAT_NAMES.map((n) => n.length)) + 2;

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Print credentials as shell variables or JSON',
  usage: `cognito-broker export <account> [--role ARN] [--format ${FORMAT_NAMES.join('|')}] [--wait SECONDS]`,
  description: `Prints the account's temporary AWS credentials (renewed first when they have less than 15 minutes left):
${FORMAT_NAMES.map((name) => `  ${name.padEnd(formatWidth)} ${FORMATS[name]?.help ?? CONTAINER_HELP}`).join('\n')}
The shell formats set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION
(when they expire, ISO 8601), AWS_REGION and AWS_DEFAULT_REGION.
The output contains the secret key: send it to a shell or a program, not to a file or a chat.
`,
  examples: `Example:
  eval "$(cognito-broker export dev --role arn:aws:iam::123456789012:role/Developer)"
`,
  options: {
    role: credentialOptions.role,
    format: { type: 'string', value: 'FORMAT', completes: FORMAT_NAMES, help: `${FORMAT_NAMES.join(', ')} (default env)` },
    wait: credentialOptions.wait,
  },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const formatName = args.values.format ?? 'env';
    const format = Object.hasOwn(FORMATS, formatName) ? FORMATS[formatName] : undefined;
    if (formatName === 'container') {
      const roleArn = roleOption(args, 'export');
      io.stdout(await containerLines(io, await getAccount(io.home, args.positionals[0] ?? ''), roleArn));
      return 0;
    }
    if (!format) {
      throw new BrokerError('invalid-argument', `--format must be one of ${FORMAT_NAMES.join(', ')}.`, { hint: 'Run `cognito-broker export --help`.' });
    }
    const roleArn = roleOption(args, 'export');
    const waitSeconds = secondsOption(args, 'wait', DEFAULT_WAIT_SECONDS, 'export');
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const { credentials } = await credentialsWithHandOff(composeBroker(io.home, io.env).broker, io.home, account, roleArn === undefined ? {} : { roleArn }, {
      waitMs: waitSeconds * 1000,
      onWaiting: (waitMs) =>
        io.stderr(
          `cognito-broker: the sign-in of ${account.name} has expired; sign in through the Cognito Broker app (waiting up to ${Math.round(waitMs / 1000)} s).\n`,
        ),
    });
    io.stdout(format.print(credentials, account));
    return 0;
  },
});
