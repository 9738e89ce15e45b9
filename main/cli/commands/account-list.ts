import { loadAccounts } from '../../core/accounts/account-store.js';
import { accountsFile } from '../../core/paths.js';
import { defineCommand } from '../command.js';
import { json, table } from './cli-output.js';

export const accountListCommand = defineCommand({
  name: 'account list',
  summary: 'List the registered accounts',
  usage: `cognito-broker account list [--json]`,
  description: `Lists the accounts in the accounts file (definitions only; see \`cognito-broker status\` for sessions).
`,
  options: { json: { type: 'boolean', help: 'print the definitions as JSON' } },
  positionals: [0, 0],
  async run(args, io) {
    const accounts = await loadAccounts(io.home);
    if (args.values.json === true) {
      io.stdout(json(accounts));
      return 0;
    }
    if (!accounts.length) {
      io.stdout(`No accounts yet (${accountsFile(io.home)}).\nAdd one with \`cognito-broker account add\` or \`cognito-broker account import <file.json>\`.\n`);
      return 0;
    }
    io.stdout(
      table(
        ['NAME', 'REGION', 'USER POOL', 'IDENTITY POOL', 'SIGN-IN', 'USERNAME'],
        accounts.map((a) => [a.name, a.region, a.userPoolId, a.identityPoolId, a.authFlow, a.username ?? '']),
      ),
    );
    return 0;
  },
});
