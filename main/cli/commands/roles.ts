import { getAccount } from '../../core/accounts/account-store.js';
import { BrokerError } from '../../core/errors.js';
import { defineCommand } from '../command.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { json, table } from './cli-output.js';

export const rolesCommand = defineCommand({
  name: 'roles',
  summary: 'List the IAM roles your groups allow, with the preferred and default ones marked',
  usage: `cognito-broker roles <account> [--json]`,
  description: `Lists the roles of the signed-in user's ID token (cognito:roles) with the groups that grant them and their
precedence when known. "preferred" is the token's cognito:preferred_role (the group with the lowest
precedence number); "default" is the account's chosen role; "active" is what credentials are fetched for
when no --role is given. Any listed role can be picked with --role ARN.
`,
  options: { json: { type: 'boolean', help: 'print as JSON' } },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const status = await composeBroker(io.home, io.env).broker.status(account);
    if (status.state === 'needs-sign-in') {
      throw new BrokerError('not-signed-in', `Account "${account.name}" is not signed in, so its roles are not known.`, {
        hint: `Run \`cognito-broker login ${account.name}\`.`,
      });
    }
    const roles = status.roles.map((r) => ({
      arn: r.arn,
      groups: r.groups,
      preferred: r.preferred,
      default: r.arn === account.defaultRoleArn,
      active: r.arn === status.activeRoleArn,
    }));
    if (args.values.json === true) {
      io.stdout(json({ account: account.name, roles, activeRoleArn: status.activeRoleArn, activeRoleReason: status.activeRoleReason }));
      return 0;
    }
    if (!roles.length) {
      io.stdout(`The ID token of "${account.name}" lists no roles (no cognito:roles claim); the identity pool chooses the role.\n`);
      return 0;
    }
    io.stdout(
      table(
        ['ROLE', 'GROUPS', 'MARKS'],
        roles.map((r) => [
          r.arn,
          r.groups.length ? r.groups.map((g) => (g.precedence === undefined ? g.name : `${g.name} (${g.precedence})`)).join(', ') : '-',
          [r.preferred && 'preferred', r.default && 'default', r.active && 'active'].filter(Boolean).join(', '),
        ]),
      ),
    );
    if (roles.every((r) => !r.groups.length) && status.groups.length) {
      // Cognito's ID token lists the groups and the roles but not which group grants which role.
      io.stdout(`Your groups: ${status.groups.map((g) => g.name).join(', ')} (the ID token does not say which group grants which role).\n`);
    }
    if (status.activeRoleReason) io.stdout(`Active: ${status.activeRoleArn ?? 'chosen by the identity pool'} (${status.activeRoleReason}).\n`);
    if (account.defaultRoleArn && !roles.some((r) => r.default)) {
      io.stdout(`The account's default role ${account.defaultRoleArn} is not among your roles any more.\n`);
    }
    return 0;
  },
});
