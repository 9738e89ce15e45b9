import { updateAccount } from '../../core/accounts/account-store.js';
import type { Account, AccountInput } from '../../core/accounts/account.js';
import type { CliCommand } from '../command.js';
import { accountFieldOptions, endpointValues, fieldValues, usageError } from './account-flags.js';

export const accountUpdateCommand: CliCommand = {
  name: 'account update',
  summary: "Change an account's settings (default role, username, sign-in flow, ids, endpoints)",
  help: `Usage: cognito-broker account update <name> [options]

Changes the given settings of an account and keeps the others. To rename an account, remove it and add it
again; to change its client secret, do the same with --client-secret-stdin.

Options:
  --role ARN                             default IAM role (see \`cognito-broker roles <name>\`)
  --clear-role                           no default role: the identity pool's preferred role is used
  --username U                           default username for login
  --clear-username                       no default username
  --auth-flow srp|password               sign-in flow
  --region R, --user-pool-id ID, --client-id ID, --identity-pool-id ID
  --endpoint-url-cognito-idp URL, --endpoint-url-cognito-identity URL, --endpoint-url-sts URL
  --clear-endpoints                      use the AWS endpoints (or AWS_ENDPOINT_URL_* variables) again
  --issuer URL                           an emulator's own token issuer (exact iss); --clear-issuer: AWS's

Example:
  cognito-broker account update work --role arn:aws:iam::123456789012:role/Developer
`,
  options: {
    ...accountFieldOptions,
    'clear-role': { type: 'boolean' },
    'clear-username': { type: 'boolean' },
    'clear-endpoints': { type: 'boolean' },
    'clear-issuer': { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(args, io) {
    const name = args.positionals[0] ?? '';
    const v = args.values;
    const fields = fieldValues(args, 'account update');
    const endpoints = endpointValues(args, 'account update');
    if (v['clear-role'] === true && fields.defaultRoleArn !== undefined) throw usageError('account update', 'Give --role or --clear-role, not both.');
    if (v['clear-username'] === true && fields.username !== undefined) throw usageError('account update', 'Give --username or --clear-username, not both.');
    if (v['clear-endpoints'] === true && endpoints) throw usageError('account update', 'Give endpoint URLs or --clear-endpoints, not both.');
    if (v['clear-issuer'] === true && fields.issuer !== undefined) throw usageError('account update', 'Give --issuer or --clear-issuer, not both.');
    const clears = ['clear-role', 'clear-username', 'clear-endpoints', 'clear-issuer'].filter((flag) => v[flag] === true);
    if (!Object.keys(fields).length && !endpoints && !clears.length) throw usageError('account update', 'Nothing to change: give at least one option.');

    const updated = await updateAccount(io.home, name, (current: Account): AccountInput => {
      // Flag values are checked per field above; the store validates the whole result again.
      const next = { ...current, ...fields } as AccountInput;
      if (endpoints) next.endpoints = { ...current.endpoints, ...endpoints };
      if (v['clear-role'] === true) delete next.defaultRoleArn;
      if (v['clear-username'] === true) delete next.username;
      if (v['clear-endpoints'] === true) delete next.endpoints;
      if (v['clear-issuer'] === true) delete next.issuer;
      return next;
    });
    io.stdout(`Updated account "${updated.name}"${updated.defaultRoleArn ? ` (default role ${updated.defaultRoleArn})` : ''}.\n`);
    return 0;
  },
};
