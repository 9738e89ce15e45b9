import { deleteAccount } from '../../core/accounts/account-removal.js';
import { removeAccountProfiles } from '../../core/aws-config/profile-store.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { defineCommand } from '../command.js';

export const accountRemoveCommand = defineCommand({
  name: 'account remove',
  summary: 'Remove an account, its keychain entries and its ~/.aws/config profiles',
  usage: `cognito-broker account remove <name>`,
  description: `Removes the account from the accounts file, deletes every keychain entry it has (refresh token, cached
credentials, client secret, remembered device) and removes the ~/.aws/config profiles Cognito Broker manages for it.
It does not sign out on the server: run \`cognito-broker logout <name> --forget-device\` first to revoke the
session and have the user pool forget this computer too.
`,
  options: {},
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const name = args.positionals[0] ?? '';
    const removed = await deleteAccount(io.home, name, {
      secrets: composeBroker(io.home, io.env).store,
      removeProfiles: (account) => removeAccountProfiles(account, io.env),
    });
    const profiles = removed.profilesRemoved.length ? `, profiles ${removed.profilesRemoved.join(', ')}` : '';
    io.stdout(`Removed account "${name}" (${removed.secretsRemoved} keychain entr${removed.secretsRemoved === 1 ? 'y' : 'ies'}${profiles}).\n`);
    return 0;
  },
});
