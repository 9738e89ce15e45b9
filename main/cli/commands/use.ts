import { getAccount } from '../../core/accounts/account-store.js';
import { ROLE_ARN_PATTERN } from '../../core/accounts/account.js';
import { awsConfigLocation } from '../../core/aws-config/config-location.js';
import { launcherFromProcess } from '../../core/aws-config/credential-process-command.js';
import { useAccount } from '../../core/aws-config/profile-store.js';
import { BrokerError } from '../../core/errors.js';
import { loadSettings } from '../../core/settings/settings-store.js';
import { defineCommand } from '../command.js';
import { detectShell, setVariableLine, SHELLS, type Shell } from './shell-syntax.js';

export const useCommand = defineCommand({
  name: 'use',
  summary: 'Make an account the active one (the cognito-broker-active profile)',
  usage: 'cognito-broker use <account> [--role ARN] [--as-default] [--shell bash|zsh|fish|powershell]',
  description: `Points the "active" managed profile (named in the settings; cognito-broker-active by default) at the
account, so \`AWS_PROFILE=cognito-broker-active\` always follows your current account. The default profile
is written only with --as-default (or when the allowDefaultProfile setting is on), and never when your
AWS config already has a [default] section that Cognito Broker did not write: then nothing changes.

With --shell, stdout is only the line that makes the active profile this shell's AWS_PROFILE (the sentence
goes to stderr), for the shell to run. At a terminal without --shell, that line is shown in the syntax of
the shell $SHELL names.
`,
  examples: `Examples:
  cognito-broker use dev && AWS_PROFILE=cognito-broker-active aws sts get-caller-identity
  eval "$(cognito-broker use dev --shell bash)"                       # bash, zsh
  cognito-broker use dev --shell fish | source                        # fish
  cognito-broker use dev --shell powershell | Invoke-Expression       # PowerShell
`,
  options: {
    role: { type: 'string', value: 'ARN', completes: 'role', help: "the IAM role to use (otherwise the account's default role)" },
    'as-default': { type: 'boolean', help: 'also point the default profile at this account' },
    shell: {
      type: 'string',
      value: 'SHELL',
      completes: SHELLS,
      help: 'print only the line that sets AWS_PROFILE in this shell (bash, zsh, fish or powershell)',
    },
  },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const shell = args.values.shell;
    if (shell !== undefined && !(SHELLS as readonly string[]).includes(shell)) {
      throw new BrokerError('invalid-argument', `--shell must be one of ${SHELLS.join(', ')}.`, { hint: 'Run `cognito-broker use --help`.' });
    }
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const role = args.values.role;
    if (role !== undefined && (typeof role !== 'string' || !ROLE_ARN_PATTERN.test(role))) {
      throw new BrokerError('invalid-argument', `--role must be an IAM role ARN, but it is "${String(role)}".`, {
        hint: 'Give a role ARN such as arn:aws:iam::123456789012:role/Developer.',
      });
    }
    const settings = await loadSettings(io.home);
    const location = awsConfigLocation(io.env);
    const { written } = await useAccount({ location, launcher: launcherFromProcess(io.env) }, account, {
      activeProfileName: settings.activeProfileName,
      asDefault: args.values['as-default'] === true || settings.allowDefaultProfile,
      ...(typeof role === 'string' ? { roleArn: role } : {}),
    });
    const sentence = `Active account: ${account.name} (profile${written.length > 1 ? 's' : ''} ${written.join(' and ')} in ${location.configFile}).\n`;
    const profileLine = (to: Shell) => `${setVariableLine(to, 'AWS_PROFILE', settings.activeProfileName)}\n`;
    if (shell !== undefined) {
      // Only the line on stdout, so `eval "$(…)"`, `| source` and `| Invoke-Expression` run nothing else.
      io.stderr(sentence);
      io.stdout(profileLine(shell as Shell));
      return 0;
    }
    io.stdout(sentence);
    // A person at a terminal gets the line to copy; a script's stdout stays the one sentence it always was.
    if (process.stdout.isTTY) io.stdout(`Make it this shell's profile with:\n  ${profileLine(detectShell(io.env))}`);
    return 0;
  },
});
