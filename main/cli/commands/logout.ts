import { getAccount } from '../../core/accounts/account-store.js';
import { defineCommand } from '../command.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { recordCliActivity } from './cli-activity.js';

export const logoutCommand = defineCommand({
  name: 'logout',
  summary: 'Sign out: revoke the refresh token and delete the saved session',
  usage: `cognito-broker logout <account> [--forget-device]`,
  description: `Revokes the account's refresh token at the user pool (the tokens issued from it stop working) and deletes
its session, identity id and cached credentials from the keychain. The local entries are deleted even when
the user pool cannot be reached; the command then says so and exits with 1. The account definition and its
client secret stay (see \`cognito-broker account remove\`).

A remembered device stays: it is this computer, not the session, so the next sign-in here can still skip
MFA where the pool allows it. --forget-device also forgets it, at the user pool (while the session can
still ask) and in the keychain, as \`cognito-broker devices forget\` does. Removing the account deletes it
from the keychain too.
`,
  options: { 'forget-device': { type: 'boolean', help: 'also forget this computer as a remembered device (at the user pool and in the keychain)' } },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const forgetDevice = args.values['forget-device'] === true;
    const result = await composeBroker(io.home, io.env).broker.logout(account, { forgetDevice });
    const device = result.device;
    if (device && device.removed > 0) {
      io.stdout(
        device.forgottenAtPool
          ? `Forgot this computer as a remembered device of "${account.name}".\n`
          : `Forgot this computer for "${account.name}" in the keychain; the user pool still lists it.\n`,
      );
      if (device.poolError) io.stderr(`cognito-broker: The user pool was not told to forget this computer: ${device.poolError.describe()}\n`);
    }
    const deviceFailed = device !== undefined && device.removed > 0 && !device.forgottenAtPool;
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
      return deviceFailed ? 1 : 0;
    }
    io.stdout(`Signed out of "${account.name}": the refresh token was revoked, ${entries}.\n`);
    return deviceFailed ? 1 : 0;
  },
});
