import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { getAccount } from '../../core/accounts/account-store.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { BrokerError } from '../../core/errors.js';
import { credentialsWithHandOff } from '../../core/hand-off/credentials-with-hand-off.js';
import { defineCommand } from '../command.js';
import { credentialOptions, DEFAULT_WAIT_SECONDS, roleOption, secondsOption } from './credential-options.js';
import { credentialEnvironment } from './credential-output.js';
import { runWithEndpoint } from './endpoint-cli.js';

/** Signals a terminal or a supervisor sends that the child must see too. */
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

export const execCommand = defineCommand({
  name: 'exec',
  summary: "Run a command with the account's credentials in its environment",
  usage: `cognito-broker exec <account> [--role ARN] [--wait SECONDS] [--server] -- <command> [arguments...]`,
  description: `Runs the command with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
AWS_CREDENTIAL_EXPIRATION, AWS_REGION and AWS_DEFAULT_REGION set (AWS_PROFILE is removed so the variables
are what the command uses). Signals are passed on to it, and its exit code is this command's exit code
(128 + the signal number when it was killed by a signal). The credentials are not renewed while it runs:
they are good for the rest of their hour (at least 15 minutes).
`,
  examples: `Example:
  cognito-broker exec dev -- aws s3 ls
`,
  options: {
    ...credentialOptions,
    server: {
      type: 'boolean',
      help: 'give the command a credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI + _AUTHORIZATION_TOKEN) for as long as it runs, instead of keys: it keeps getting renewed credentials',
    },
  },
  arguments: ['account'],
  positionals: [1, Number.MAX_SAFE_INTEGER],
  async run(args, io) {
    const [name, ...command] = args.positionals;
    const program = command[0];
    if (program === undefined) {
      throw new BrokerError('invalid-argument', 'exec needs a command to run after `--`.', {
        hint: 'Example: cognito-broker exec dev -- aws sts get-caller-identity',
      });
    }
    const roleArn = roleOption(args, 'exec');
    const waitSeconds = secondsOption(args, 'wait', DEFAULT_WAIT_SECONDS, 'exec');
    const account = await getAccount(io.home, name ?? '');
    const { credentials } = await credentialsWithHandOff(composeBroker(io.home, io.env).broker, io.home, account, roleArn === undefined ? {} : { roleArn }, {
      waitMs: waitSeconds * 1000,
      onWaiting: (waitMs) =>
        io.stderr(
          `cognito-broker: the sign-in of ${account.name} has expired; sign in through the Cognito Broker app (waiting up to ${Math.round(waitMs / 1000)} s).\n`,
        ),
    });
    if (args.values.server === true) return runWithEndpoint(io, account, roleArn, (env) => runChild(program, command.slice(1), env));
    const env: NodeJS.ProcessEnv = { ...io.env, ...credentialEnvironment(credentials, account.region) };
    delete env.AWS_PROFILE;
    return runChild(program, command.slice(1), env);
  },
});

function runChild(program: string, argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, argv, { env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    const cleanup = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      reject(
        new BrokerError(
          'invalid-argument',
          error.code === 'ENOENT' ? `Command not found: ${program}.` : `Could not start ${program} (${error.code ?? 'error'}).`,
          {
            hint: 'Check the command name and your PATH.',
          },
        ),
      );
    });
    child.once('exit', (code, signal) => {
      cleanup();
      resolve(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
    });
  });
}
