import { getAccount } from '../../core/accounts/account-store.js';
import { defineCommand } from '../command.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { recordCliActivity } from './cli-activity.js';

export const logoutCommand = defineCommand({
  name: 'logout',
  summary: 'Sign out: revoke the refresh token and delete the saved session',
  usage: `cognito-broker logout <account>`,
  description: `Revokes the account's refresh token at the user pool (the tokens issued from it stop working) and deletes
its session, identity id and cached credentials from the keychain. The local entries are deleted even when
the user pool cannot be reached; the command then says so and exits with 1. The account definition and its
client secret stay (see \`cognito-broker account remove\`).
`,
  options: {},
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const result = await composeBroker(io.home, io.env).broker.logout(account);
    const entries = `${result.removedEntries} keychain entr${result.removedEntries === 1 ? 'y' : 'ies'} deleted`;
    if (result.removedEntries > 0 || result.revoked) {
      const note = result.revokeError ? ' The refresh token could not be revoked at the user pool.' : '';
      await recordCliActivity(io, { kind: 'sign-out', account: account.name, message: `Signed out of ${account.name}.${note}` });
    }
    if (result.revokeError) {
      io.stdout(`Signed out of "${account.name}" on this machine (${entries}).\n`);
      io.stderr(`cognito-broker: The refresh token could not be revoked at the user pool: ${result.revokeError.describe()}\n`);
      return 1;
    }
    if (!result.revoked) {
      io.stdout(`"${account.name}" was not signed in (${entries}).\n`);
      return 0;
    }
    io.stdout(`Signed out of "${account.name}": the refresh token was revoked, ${entries}.\n`);
    return 0;
  },
});
