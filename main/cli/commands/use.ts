import { getAccount } from '../../core/accounts/account-store.js';
import { ROLE_ARN_PATTERN } from '../../core/accounts/account.js';
import { awsConfigLocation } from '../../core/aws-config/config-location.js';
import { launcherFromProcess } from '../../core/aws-config/credential-process-command.js';
import { useAccount } from '../../core/aws-config/profile-store.js';
import { BrokerError } from '../../core/errors.js';
import { loadSettings } from '../../core/settings/settings-store.js';
import type { CliCommand } from '../command.js';

export const useCommand: CliCommand = {
  name: 'use',
  summary: 'Make an account the active one (the cognito-broker-active profile)',
  help: `Usage: cognito-broker use <account> [--role ARN] [--as-default]

Points the "active" managed profile (named in the settings; cognito-broker-active by default) at the
account, so \`AWS_PROFILE=cognito-broker-active\` always follows your current account. The default profile
is written only with --as-default (or when the allowDefaultProfile setting is on), and never when your
AWS config already has a [default] section that Cognito Broker did not write: then nothing changes.

Options:
  --role ARN      the IAM role to use (otherwise the account's default role)
  --as-default    also point the default profile at this account

Example:
  cognito-broker use dev && AWS_PROFILE=cognito-broker-active aws sts get-caller-identity
`,
  options: { role: { type: 'string' }, 'as-default': { type: 'boolean' } },
  positionals: [1, 1],
  async run(args, io) {
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
    io.stdout(`Active account: ${account.name} (profile${written.length > 1 ? 's' : ''} ${written.join(' and ')} in ${location.configFile}).\n`);
    return 0;
  },
};
