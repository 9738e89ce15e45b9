import { getAccount, loadAccounts } from '../../core/accounts/account-store.js';
import { ROLE_ARN_PATTERN } from '../../core/accounts/account.js';
import { awsConfigLocation } from '../../core/aws-config/config-location.js';
import { launcherFromProcess } from '../../core/aws-config/credential-process-command.js';
import { addProfile, removeManagedProfiles, syncProfiles, type ProfileContext } from '../../core/aws-config/profile-store.js';
import { listProfileViews } from '../../core/aws-config/profile-views.js';
import { BrokerError } from '../../core/errors.js';
import { defineCommand, type CliCommand, type CliIo } from '../command.js';
import { json, table } from './cli-output.js';

function context(io: CliIo): ProfileContext {
  return { location: awsConfigLocation(io.env), launcher: launcherFromProcess(io.env) };
}

function roleOption(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !ROLE_ARN_PATTERN.test(value)) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- because the parser gives a string or `true` (flag without a value), never an object
    throw new BrokerError('invalid-argument', `--role must be an IAM role ARN, but it is "${String(value)}".`, {
      hint: 'Give a role ARN such as arn:aws:iam::123456789012:role/Developer (`cognito-broker status <account>` lists your roles).',
    });
  }
  return value;
}

const PROFILE_SHAPE = `A managed profile looks like this (keys you add inside it, such as output = json, are kept):

  [profile dev]
  # managed by cognito-broker: account=dev
  credential_process = /usr/bin/node /opt/cognito-broker/dist/cli/cognito-broker.cjs credential-process dev
  region = eu-west-1
`;

export const profilesSyncCommand = defineCommand({
  name: 'profiles sync',
  summary: 'Write one ~/.aws/config profile per account',
  usage: `cognito-broker profiles sync`,
  description: `Writes one profile per account into the AWS config (AWS_CONFIG_FILE, or ~/.aws/config), named after the
account, using the account's default role, and removes managed profiles of accounts that no longer exist.
Nothing outside Cognito Broker's own sections changes. A name already used by a profile you wrote yourself
is reported and left alone.

${PROFILE_SHAPE}
Example:
  cognito-broker profiles sync && aws s3 ls --profile dev
`,
  options: {},
  positionals: [0, 0],
  async run(_args, io) {
    const ctx = context(io);
    const accounts = await loadAccounts(io.home);
    const result = await syncProfiles(ctx, accounts);
    const parts = [
      result.written.length ? `wrote ${result.written.join(', ')}` : '',
      result.unchanged.length ? `unchanged ${result.unchanged.join(', ')}` : '',
      result.removed.length ? `removed ${result.removed.join(', ')}` : '',
    ].filter(Boolean);
    io.stdout(`${ctx.location.configFile}: ${parts.length ? parts.join('; ') : 'no accounts, nothing to do'}.\n`);
    for (const clash of result.clashes) {
      io.stderr(
        clash.name === 'default'
          ? `Skipped account "default": the default profile is only written by \`cognito-broker use default --as-default\`.\n`
          : clash.owner
            ? `Skipped account "${clash.account}": the profile "${clash.name}" is already cognito-broker's profile for ${clash.owner}. Give one of them another name with \`cognito-broker profiles add ${clash.account} --name NAME\`, or remove that profile with \`cognito-broker profiles remove ${clash.name}\`.\n`
            : `Skipped account "${clash.account}": a profile named "${clash.name}" that cognito-broker did not write already exists. Give it another name with \`cognito-broker profiles add ${clash.account} --name NAME\`.\n`,
      );
    }
    return result.clashes.length ? 1 : 0;
  },
});

export const profilesAddCommand = defineCommand({
  name: 'profiles add',
  summary: 'Write a ~/.aws/config profile for an account and role',
  usage: `cognito-broker profiles add <account> [--role ARN] [--name NAME]`,
  description: `Writes (or updates) a managed profile that gets credentials for <account>, as the given role (one your
groups allow) or the account's default role. The name defaults to <account>-<role name>, or <account>
without --role. A name used by a profile you wrote yourself is never overwritten.
`,
  examples: `Example:
  cognito-broker profiles add dev --role arn:aws:iam::123456789012:role/Admin --name dev-admin
`,
  options: {
    role: { type: 'string', value: 'ARN', completes: 'role', help: 'the IAM role to ask the identity pool for' },
    name: { type: 'string', value: 'NAME', help: 'the profile name' },
  },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const roleArn = roleOption(args.values.role);
    const name = typeof args.values.name === 'string' ? args.values.name : undefined;
    const ctx = context(io);
    const result = await addProfile(ctx, account, { ...(roleArn ? { roleArn } : {}), ...(name !== undefined ? { name } : {}) });
    io.stdout(
      `${result.changed ? 'Wrote' : 'Already up to date:'} profile "${result.name}" in ${ctx.location.configFile}. Use it with \`aws --profile ${result.name} ...\`.\n`,
    );
    return 0;
  },
});

export const profilesListCommand = defineCommand({
  name: 'profiles list',
  summary: 'List the ~/.aws/config profiles Cognito Broker manages',
  usage: `cognito-broker profiles list [--json]`,
  description: `Lists every profile Cognito Broker manages with its account, role and region, and whether the AWS CLI
would really use it (a same-named section with keys in ~/.aws/credentials wins over it, for example).
`,
  options: { json: { type: 'boolean', help: 'print the list as JSON' } },
  positionals: [0, 0],
  async run(args, io) {
    const location = awsConfigLocation(io.env);
    const views = await listProfileViews(location);
    if (args.values.json === true) {
      io.stdout(json(views));
      return 0;
    }
    if (!views.length) {
      io.stdout(`No managed profiles in ${location.configFile}. Write them with \`cognito-broker profiles sync\`.\n`);
      return 0;
    }
    io.stdout(
      table(
        ['PROFILE', 'ACCOUNT', 'ROLE', 'REGION', 'USED BY AWS CLI'],
        views.map((v) => [v.name, v.account, v.roleArn ?? '(account default)', v.region, v.effective ? 'yes' : 'no']),
      ),
    );
    for (const v of views) if (v.warning) io.stderr(`Warning: profile "${v.name}": ${v.warning}\n`);
    return 0;
  },
});

export const profilesRemoveCommand = defineCommand({
  name: 'profiles remove',
  summary: 'Remove managed profiles from ~/.aws/config',
  usage: `cognito-broker profiles remove <name> | --account ACCOUNT | --all`,
  description: `Removes Cognito Broker's own profiles and nothing else: one by name, every profile of an account, or all
of them (\`--all\` undoes everything Cognito Broker ever wrote into the AWS config). Profiles you wrote
yourself are never removed.
`,
  options: {
    account: { type: 'string', value: 'ACCOUNT', completes: 'account', help: 'remove every profile of this account' },
    all: { type: 'boolean', help: 'remove every managed profile' },
  },
  positionals: [0, 1],
  async run(args, io) {
    const name = args.positionals[0];
    const account = typeof args.values.account === 'string' ? args.values.account : undefined;
    const all = args.values.all === true;
    if ([name !== undefined, account !== undefined, all].filter(Boolean).length !== 1) {
      throw new BrokerError('invalid-argument', 'Say which profiles to remove: a profile name, --account ACCOUNT or --all (exactly one).', {
        hint: 'Run `cognito-broker profiles list` to see the managed profiles.',
      });
    }
    const location = awsConfigLocation(io.env);
    const removed = await removeManagedProfiles({ location }, name !== undefined ? { name } : account !== undefined ? { account } : { all: true });
    io.stdout(removed.length ? `Removed ${removed.join(', ')} from ${location.configFile}.\n` : `No managed profiles to remove in ${location.configFile}.\n`);
    return 0;
  },
});

export const PROFILE_COMMANDS: readonly CliCommand[] = [profilesSyncCommand, profilesAddCommand, profilesListCommand, profilesRemoveCommand];
