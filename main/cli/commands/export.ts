import { getAccount } from '../../core/accounts/account-store.js';
import { toProcessOutput } from '../../core/credentials/aws-credentials.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { BrokerError } from '../../core/errors.js';
import { credentialsWithHandOff } from '../../core/hand-off/credentials-with-hand-off.js';
import type { CliCommand } from '../command.js';
import { credentialOptions, DEFAULT_WAIT_SECONDS, roleOption, secondsOption } from './credential-options.js';
import { credentialEnvironment, shellQuote } from './credential-output.js';

const FORMATS = ['env', 'json', 'process'] as const;
type Format = (typeof FORMATS)[number];

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Print credentials as shell variables or JSON',
  help: `Usage: cognito-broker export <account> [--role ARN] [--format env|json|process] [--wait SECONDS]

Prints the account's temporary AWS credentials (renewed first when they have less than 15 minutes left):
  env      export lines for a POSIX shell: eval "$(cognito-broker export dev)"  (default)
  json     {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration", "Region", "RoleArn", "IdentityId"}
  process  the credential_process Version 1 JSON
The output contains the secret key: send it to a shell or a program, not to a file or a chat.

Options:
  --role ARN        an IAM role your groups grant (default: the account's default role)
  --format FORMAT   env, json or process (default env)
  --wait SECONDS    how long to wait for a sign-in through the app when the session expired (default ${DEFAULT_WAIT_SECONDS})

Example:
  eval "$(cognito-broker export dev --role arn:aws:iam::123456789012:role/Developer)"
`,
  options: { ...credentialOptions, format: { type: 'string' } },
  positionals: [1, 1],
  async run(args, io) {
    const format = (args.values.format ?? 'env') as Format;
    if (typeof format !== 'string' || !FORMATS.includes(format)) {
      throw new BrokerError('invalid-argument', `--format must be one of ${FORMATS.join(', ')}.`, { hint: 'Run `cognito-broker export --help`.' });
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
    if (format === 'process') io.stdout(`${toProcessOutput(credentials)}\n`);
    else if (format === 'json') {
      io.stdout(
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
      );
    } else {
      const env = credentialEnvironment(credentials, account.region);
      io.stdout(
        Object.entries(env)
          .map(([name, value]) => `export ${name}=${shellQuote(value)}\n`)
          .join(''),
      );
    }
    return 0;
  },
};
