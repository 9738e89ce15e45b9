import { getAccount } from '../../core/accounts/account-store.js';
import type { CliCommand } from '../command.js';
import { fields, json } from './cli-output.js';

export const accountShowCommand: CliCommand = {
  name: 'account show',
  summary: "Show one account's definition",
  help: `Usage: cognito-broker account show <name> [--json]

Shows the definition of one account. The client secret, if any, stays in the keychain and is never shown.

Options:
  --json    print the definition as JSON
`,
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    if (args.values.json === true) {
      io.stdout(json(account));
      return 0;
    }
    io.stdout(
      fields([
        ['Name', account.name],
        ['Region', account.region],
        ['User pool', account.userPoolId],
        ['App client', account.clientId],
        ['Client secret', account.hasClientSecret ? 'in the keychain' : 'none'],
        ['Identity pool', account.identityPoolId],
        ['Sign-in flow', account.authFlow === 'srp' ? 'srp (password never sent)' : 'password'],
        ['Username', account.username],
        ['Default role', account.defaultRoleArn],
        ['User pool endpoint', account.endpoints?.cognitoIdentityProvider],
        ['Identity pool endpoint', account.endpoints?.cognitoIdentity],
        ['STS endpoint', account.endpoints?.sts],
        ['Managed login', account.hostedUi?.domain],
        ['Basic flow', account.basicFlow ? `${account.basicFlow.durationSeconds} s sessions` : undefined],
      ]),
    );
    return 0;
  },
};
