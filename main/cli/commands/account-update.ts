import { updateAccount } from '../../core/accounts/account-store.js';
import type { Account, AccountInput } from '../../core/accounts/account.js';
import { defineCommand } from '../command.js';
import { accountFieldOptions, checkFirstFactor, endpointValues, fieldValues, hostedUiValues, usageError } from './account-flags.js';

export const accountUpdateCommand = defineCommand({
  name: 'account update',
  summary: "Change an account's settings (default role, username, sign-in flow, ids, endpoints)",
  usage: `cognito-broker account update <name> [options]`,
  description: `Changes the given settings of an account and keeps the others. To rename an account, remove it and add it
again; to change its client secret, do the same with --client-secret-stdin.
`,
  examples: `Example:
  cognito-broker account update work --role arn:aws:iam::123456789012:role/Developer
`,
  options: {
    ...accountFieldOptions,
    role: { ...accountFieldOptions.role, help: 'default IAM role (see `cognito-broker roles <name>`)' },
    'auth-flow': { ...accountFieldOptions['auth-flow'], help: 'sign-in flow' },
    'clear-role': { type: 'boolean', help: "no default role: the identity pool's preferred role is used" },
    'clear-username': { type: 'boolean', help: 'no default username' },
    'clear-endpoints': { type: 'boolean', help: 'use the AWS endpoints (or AWS_ENDPOINT_URL_* variables) again' },
    issuer: { ...accountFieldOptions.issuer, help: "an emulator's own token issuer (exact iss)" },
    'clear-issuer': { type: 'boolean', help: "trust AWS's issuers again" },
    'clear-first-factor': { type: 'boolean', help: 'no preferred first factor: login shows what the pool offers' },
  },
  arguments: ['account'],
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
    if (v['clear-first-factor'] === true && fields.firstFactor !== undefined)
      throw usageError('account update', 'Give --first-factor or --clear-first-factor, not both.');
    const managedLogin = typeof v['hosted-ui-domain'] === 'string' || typeof v['redirect-port'] === 'string';
    const clears = (['clear-role', 'clear-username', 'clear-endpoints', 'clear-issuer', 'clear-first-factor'] as const).filter((flag) => v[flag] === true);
    if (!Object.keys(fields).length && !endpoints && !managedLogin && !clears.length)
      throw usageError('account update', 'Nothing to change: give at least one option.');

    const updated = await updateAccount(io.home, name, (current: Account): AccountInput => {
      // Flag values are checked per field above; the store validates the whole result again.
      const next = { ...current, ...fields } as AccountInput;
      if (endpoints) next.endpoints = { ...current.endpoints, ...endpoints };
      if (v['clear-role'] === true) delete next.defaultRoleArn;
      if (v['clear-username'] === true) delete next.username;
      if (v['clear-endpoints'] === true) delete next.endpoints;
      if (v['clear-issuer'] === true) delete next.issuer;
      if (v['clear-first-factor'] === true) delete next.firstFactor;
      // Leaving choice-based sign-in drops its preference, which no other flow reads.
      if (fields.authFlow !== undefined && fields.authFlow !== 'user-auth' && fields.firstFactor === undefined) delete next.firstFactor;
      checkFirstFactor('account update', next);
      const hostedUi = hostedUiValues(args, 'account update', current.hostedUi);
      if (hostedUi) next.hostedUi = hostedUi;
      return next;
    });
    io.stdout(`Updated account "${updated.name}"${updated.defaultRoleArn ? ` (default role ${updated.defaultRoleArn})` : ''}.\n`);
    return 0;
  },
});
